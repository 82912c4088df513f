import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack, Stage, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../infra/bundle.ts';
import { type CfnTemplate, logicalId } from './cfn.ts';
import { cdkJsonContext, useSynthesized } from './synth.ts';

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
  construct: IConstruct;
}

/** Every `Validations.of(x).acknowledge(...)` of the app, where it was made. */
const acknowledgements = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
          construct,
        })),
      ),
  );

/** The findings of the AwsSolutions pack as if nothing had been acknowledged. */
const rawFindings = (root: IConstruct) => {
  const pack = new AwsSolutionsChecks();
  Object.assign(pack, { isAcknowledged: () => false });
  return pack.validateScope(root).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      path: resource.constructPath,
    })),
  );
};

describe('cdk-nag AwsSolutions', () => {
  const synth = useSynthesized();

  it('finds nothing unacknowledged in any stack', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.app);
    const findings = report.violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => `${violation.ruleName} at ${resource.constructPath}`),
    );
    expect(findings).toEqual([]);
  });

  it('acknowledges each finding on the resource itself, with a reason, and only findings that exist', () => {
    const acks = acknowledgements(synth.app);
    expect(acks.length).toBeGreaterThan(0);
    const findings = rawFindings(synth.app);
    for (const ack of acks) {
      const where = `${ack.id} at ${ack.path}`;
      expect(Stack.isStack(ack.construct) || Stage.isStage(ack.construct), where).toBe(false);
      expect(ack.reason.length, where).toBeGreaterThanOrEqual(60);
      expect(
        findings.some(
          (finding) =>
            finding.rule === ack.id &&
            (finding.path === ack.path || (finding.path ?? '').startsWith(`${ack.path}/`)),
        ),
        `${where} silences no finding`,
      ).toBe(true);
    }
  });

  it('acknowledges the SMS wildcard on the messaging functions’ SMS policy alone', () => {
    const sms = acknowledgements(synth.app).filter((ack) => ack.reason.includes('PhoneNumber'));
    expect(sms.map((ack) => ack.path).sort()).toEqual([
      'Module7-74-Stateless/AlertCellUnanswered/SmsPolicy',
      'Module7-74-Stateless/CheckInforming/SmsPolicy',
      'Module7-74-Stateless/DispatchAudience/SmsPolicy',
      'Module7-74-Stateless/PageCell/SmsPolicy',
    ]);
    expect(sms.every((ack) => ack.id === 'AwsSolutions-IAM5[Resource::*]')).toBe(true);
  });

  it('waives a dead-letter queue only for the queues that are themselves on-failure destinations', () => {
    const stateless = synth.json[synth.deployment.stateless.stackName] as CfnTemplate;
    const destinations = Object.values(stateless.Resources)
      .filter((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping')
      .map((mapping) => mapping.Properties.DestinationConfig?.OnFailure?.Destination?.['Fn::GetAtt']?.[0]);
    const waived = acknowledgements(synth.app).filter((ack) => ack.id === 'AwsSolutions-SQS3');
    expect(waived.length).toBeGreaterThan(0);
    expect(waived.map((ack) => logicalId(ack.construct)).sort()).toEqual(destinations.sort());
  });

  it('gives the stream consumer’s wildcard its own reason: dynamodb:ListStreams', () => {
    const consumerRole = acknowledgements(synth.app).filter(
      (ack) =>
        ack.path === 'Module7-74-Stateless/StartWorkflow/Role' && ack.id.startsWith('AwsSolutions-IAM5'),
    );
    // The house construct's X-Ray reason, then the stream's, which includes it and is the one reported.
    expect(consumerRole.map((ack) => ack.id)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::*]',
    ]);
    expect(consumerRole.at(-1)?.reason).toMatch(/xray:PutTraceSegments.*dynamodb:ListStreams/s);
  });
});

describe('the CDK app', () => {
  const run = (context: Record<string, unknown>) => {
    const outdir = mkdtempSync(join(tmpdir(), 'module7-app-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'infra', 'bin', 'app.ts')], {
        cwd: projectRoot,
        stdio: 'pipe',
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({
            ...cdkJsonContext(),
            'aws:cdk:bundling-stacks': [],
            ...context,
          }),
        },
      });
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
        artifacts: Record<string, { type: string }>;
      };
      return Object.entries(manifest.artifacts)
        .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
        .map(([name]) => name);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  };

  it('synthesizes the three stacks of a department offline, cdk-nag included', () => {
    expect(run({ department: '38' })).toEqual([
      'Module7-38-Stateful',
      'Module7-38-Stateless',
      'Module7-38-Web',
    ]);
  }, 60_000);

  it('stops on a department that does not exist, naming it', () => {
    expect(() => run({ department: '99' })).toThrow(/department "99"/);
  }, 60_000);
});
