/**
 * Synthesizes one department's deployment the way `npm run synth` does (cdk.json's context, feature flags
 * included), without bundling the functions, into a temporary folder that `cleanup` removes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll } from 'vitest';
import { projectRoot } from '../../infra/bundle.ts';
import { addDeployment, type Deployment } from '../../infra/lib/deployment.ts';
import { readSettings } from '../../infra/lib/settings.ts';
import type { CfnTemplate } from './cfn.ts';

export interface Synthesized {
  app: App;
  deployment: Deployment;
  templates: { stateful: Template; stateless: Template; web: Template };
  /** The cloud assembly folder (temporary). */
  outdir: string;
  /** The raw templates, by stack name. */
  json: Record<string, CfnTemplate>;
  cleanup: () => void;
}

export const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> })
    .context;

export const synthesize = (context: Record<string, unknown> = {}): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'module7-cdk-'));
  const app = new App({
    outdir,
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  let deployment: Deployment;
  let assembly: CloudAssembly;
  try {
    deployment = addDeployment(app, readSettings(app.node));
    assembly = app.synth();
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  const json: Record<string, CfnTemplate> = {};
  for (const stack of [deployment.stateful, deployment.stateless, deployment.web]) {
    json[stack.stackName] = assembly.getStackByName(stack.stackName).template as CfnTemplate;
  }
  const template = (name: string) => Template.fromJSON(json[name] as CfnTemplate);
  return {
    app,
    deployment,
    templates: {
      stateful: template(deployment.stateful.stackName),
      stateless: template(deployment.stateless.stackName),
      web: template(deployment.web.stackName),
    },
    outdir,
    json,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
};

/** A synthesized deployment with each stack's raw template at hand. */
export interface SynthesizedStacks extends Synthesized {
  stateful: CfnTemplate;
  stateless: CfnTemplate;
  web: CfnTemplate;
}

/**
 * One synthesis for a describe: made before its tests, cleaned up after them. The object returned is filled
 * in `beforeAll`, so read it inside hooks and tests.
 */
export const useSynthesized = (context: Record<string, unknown> = {}): SynthesizedStacks => {
  const stacks = {} as SynthesizedStacks;
  beforeAll(() => {
    const synth = synthesize(context);
    const raw = (name: string) => synth.json[name] as CfnTemplate;
    Object.assign(stacks, synth, {
      stateful: raw(synth.deployment.stateful.stackName),
      stateless: raw(synth.deployment.stateless.stackName),
      web: raw(synth.deployment.web.stackName),
    });
  }, 60_000);
  afterAll(() => stacks.cleanup?.());
  return stacks;
};
