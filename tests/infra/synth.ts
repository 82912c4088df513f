/**
 * Synthesizes one department's deployment the way `npm run synth` does (cdk.json's context, feature flags
 * included), without bundling the functions, into a temporary folder that `cleanup` removes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { projectRoot } from '../../infra/bundle.ts';
import { addDeployment, type Deployment } from '../../infra/lib/deployment.ts';
import { readSettings } from '../../infra/lib/settings.ts';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation templates are untyped JSON.
export type CfnTemplate = { Resources: Record<string, any>; Outputs?: Record<string, any> };

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

/**
 * The resources (`Stack/LogicalId`) a CloudFormation value refers to, through `Ref`, `Fn::GetAtt`, joins,
 * and cross-stack `Fn::ImportValue` followed to the exporting stack's output.
 */
export const referencedResources = (
  value: unknown,
  stack: string,
  templates: Record<string, CfnTemplate>,
): Set<string> => {
  const found = new Set<string>();
  const visit = (node: unknown, inStack: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, inStack);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const object = node as Record<string, unknown>;
    const resources = templates[inStack]?.Resources ?? {};
    if (typeof object['Ref'] === 'string') {
      if (object['Ref'] in resources) found.add(`${inStack}/${object['Ref']}`);
      return;
    }
    const getAtt = object['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      found.add(`${inStack}/${getAtt[0]}`);
      return;
    }
    const imported = object['Fn::ImportValue'];
    if (typeof imported === 'string') {
      for (const [name, template] of Object.entries(templates)) {
        for (const output of Object.values(template.Outputs ?? {})) {
          if (output.Export?.Name === imported) visit(output.Value, name);
        }
      }
      return;
    }
    for (const inner of Object.values(object)) visit(inner, inStack);
  };
  visit(value, stack);
  return found;
};

/** The logical ID of an L2 construct's CloudFormation resource in its stack's template. */
export const logicalId = (construct: IConstruct): string => {
  const stack = Stack.of(construct);
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;
};
