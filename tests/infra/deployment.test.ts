/**
 * One department's deployment as a whole (`infra/lib/deployment.ts`, `infra/lib/settings.ts`): its stacks,
 * the rules every stack keeps, and what the context values change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CRISIS_NUMBER, ENV } from '#shared/contract';
import { SMS_SPEND_ALARM_RATIO } from '../../infra/lib/alarms.ts';
import { readSettings } from '../../infra/lib/settings.ts';
import { asArray, type CfnTemplate, functionByEntry, type Json, resourcesOfType, tlsDenials } from './cfn.ts';
import { synthesize, useSynthesized } from './synth.ts';

describe('the deployment of the default department (Haute-Savoie)', () => {
  const synth = useSynthesized();

  it('names the stacks after the department', () => {
    expect(Object.keys(synth.json)).toEqual([
      'Module7-74-Stateful',
      'Module7-74-Stateless',
      'Module7-74-Web',
    ]);
  });

  describe('IAM', () => {
    it('grants no statement every action, or every action of a service, on every resource', () => {
      for (const template of Object.values(synth.json)) {
        for (const [id, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
          for (const statement of asArray<Json>(policy.Properties.PolicyDocument.Statement)) {
            if (statement.Effect !== 'Allow' || !asArray(statement.Resource).includes('*')) continue;
            for (const action of asArray<string>(statement.Action)) {
              expect(action, id).not.toMatch(/^(\*|[\w-]+:\*)$/);
            }
          }
        }
      }
    });

    it('grants on every resource only the actions that have no resource-level permission', () => {
      const allowed = [
        /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)$/,
        /^logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries)$/,
        /^logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
        /^dynamodb:ListStreams$/,
        /^sns:Publish$/,
        /^cloudfront:(CreateInvalidation|GetInvalidation)$/,
      ];
      for (const template of Object.values(synth.json)) {
        for (const [id, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
          for (const statement of asArray<Json>(policy.Properties.PolicyDocument.Statement)) {
            if (!asArray(statement.Resource).includes('*')) continue;
            for (const action of asArray<string>(statement.Action)) {
              expect(
                allowed.some((pattern) => pattern.test(action)),
                `${id}: ${action} on *`,
              ).toBe(true);
            }
          }
        }
      }
    });
  });

  describe('the topics', () => {
    it('denies publishing to any topic without TLS', () => {
      for (const [stack, template] of Object.entries(synth.json)) {
        for (const [id] of resourcesOfType(template, 'AWS::SNS::Topic')) {
          const denies = tlsDenials(template, 'AWS::SNS::TopicPolicy', 'Topics', id, 'sns:Publish');
          expect(denies, `${stack}/${id}`).toHaveLength(1);
        }
      }
    });
  });
});

describe('the deployment of another department', () => {
  const synth = useSynthesized({
    department: '38',
    alarmEmail: 'si@isere.example.org',
    smsMonthlyBudgetUsd: '250',
    crisisNumber: '01 99 00 38 38',
    cipTargetSeconds: '5400',
    cipQuorum: 3,
    escalationSeconds: '300',
    authDomainPrefix: 'prefecture-isere-alerte',
  });

  it('has its own stacks, department, sender ID, e-mail sender, configuration set and budget', () => {
    expect(Object.keys(synth.json)).toEqual([
      'Module7-38-Stateful',
      'Module7-38-Stateless',
      'Module7-38-Web',
    ]);
    for (const [, fn] of resourcesOfType(
      synth.json['Module7-38-Stateless'] as CfnTemplate,
      'AWS::Lambda::Function',
    )) {
      expect(fn.Properties.Environment.Variables[ENV.department]).toBe('38');
      if (fn.Properties.Environment.Variables[ENV.senderId]) {
        expect(fn.Properties.Environment.Variables[ENV.senderId]).toBe('PREF38');
      }
      if (fn.Properties.Environment.Variables[ENV.emailFrom]) {
        expect(fn.Properties.Environment.Variables[ENV.emailFrom]).toBe(
          'Préfecture de l’Isère <alerte@prefecture.example.org>',
        );
        expect(fn.Properties.Environment.Variables[ENV.sesConfigurationSet]).toBe('module7-38');
      }
    }
    synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 250 * SMS_SPEND_ALARM_RATIO,
    });
    synth.templates.stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Endpoint: 'si@isere.example.org',
    });
  });

  it('gives the order of its CIP its numéro unique, target and quorum, and its pages its escalation delay', () => {
    const [, orderCip] = functionByEntry(synth, 'functions/handlers/http/order-cip.ts');
    expect(orderCip.Properties.Environment.Variables).toMatchObject({
      [ENV.crisisNumber]: '01 99 00 38 38',
      [ENV.cipTargetSeconds]: '5400',
      [ENV.cipQuorum]: '3',
    });
    const [, startWorkflow] = functionByEntry(synth, 'functions/handlers/streams/start-workflow.ts');
    expect(startWorkflow.Properties.Environment.Variables[ENV.escalationSeconds]).toBe('300');
  });

  it('signs in on the Cognito domain it names', () => {
    synth.templates.stateful.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'prefecture-isere-alerte',
    });
  });
});

describe('the context values', () => {
  // An App without outdir makes a cdk.out* folder in the temporary directory each time: give them one, removed.
  const outdir = mkdtempSync(join(tmpdir(), 'module7-settings-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const settings = (context: Record<string, unknown>) => readSettings(new App({ context, outdir }).node);

  it('defaults to Haute-Savoie, sending e-mail from a fiction domain under the prefecture’s name', () => {
    expect(settings({})).toEqual({
      department: '74',
      senderId: 'PREF74',
      alarmEmail: 'astreinte-si@example.org',
      smsMonthlyBudgetUsd: 100,
      emailDomain: 'prefecture.example.org',
      emailFrom: 'Préfecture de la Haute-Savoie <alerte@prefecture.example.org>',
      crisisNumber: DEMO_CRISIS_NUMBER,
      cipTargetSeconds: 3600,
      cipQuorum: 2,
      escalationSeconds: 600,
      smsPartsPerSecond: 10,
      dispatchBatchSize: 1000,
      exercisesPerYear: 2,
      exerciseMaxMonths: 9,
    });
    expect(settings({})).not.toHaveProperty('authDomainPrefix');
  });

  it('caps the dispatch batches at the size given, from 1 to 1,000 recipients', () => {
    expect(settings({ dispatchBatchSize: '20' }).dispatchBatchSize).toBe(20);
    for (const size of ['0', '1001', 'cent']) {
      expect(() => settings({ dispatchBatchSize: size })).toThrow(
        new RegExp(`dispatchBatchSize "${size}" must be a number of recipients, from 1 to 1000`),
      );
    }
  });

  it('refuses an SMS rate or an exercise policy out of range, naming each key', () => {
    expect(() =>
      settings({ smsPartsPerSecond: '0', exercisesPerYear: '13', exerciseMaxMonths: 'neuf' }),
    ).toThrow(/smsPartsPerSecond "0".*exercisesPerYear "13".*exerciseMaxMonths "neuf"/);
    expect(
      settings({ smsPartsPerSecond: '100', exercisesPerYear: '4', exerciseMaxMonths: '6' }),
    ).toMatchObject({
      smsPartsPerSecond: 100,
      exercisesPerYear: 4,
      exerciseMaxMonths: 6,
    });
  });

  it('takes a Cognito domain prefix Cognito accepts', () => {
    for (const prefix of ['prefecture-74', 'p', '74', 'a'.repeat(63), 'crise-haute-savoie-2026']) {
      expect(settings({ authDomainPrefix: prefix }).authDomainPrefix).toBe(prefix);
    }
  });

  it('refuses a Cognito domain prefix Cognito would refuse: case, length, edges, characters, AWS names', () => {
    for (const prefix of [
      'Prefecture-74',
      'a'.repeat(64),
      '-prefecture',
      'prefecture-',
      'prefecture_74',
      'préfecture',
      'prefecture.74',
      'mon-aws-74',
      'amazon74',
      'prefecture-cognito',
    ]) {
      expect(() => settings({ authDomainPrefix: prefix }), prefix).toThrow(`authDomainPrefix "${prefix}"`);
    }
  });

  it('stops the synth on a Cognito domain prefix Cognito would refuse, naming it', () => {
    expect(() => synthesize({ authDomainPrefix: 'aws-74' })).toThrow(/authDomainPrefix "aws-74" must be/);
  });

  it('takes the numéro unique as printed, and the CIP’s and the pages’ numbers from text or numbers', () => {
    expect(
      settings({
        crisisNumber: '+33 1 99 00 74 74',
        cipTargetSeconds: '1800',
        cipQuorum: 1,
        escalationSeconds: 60,
      }),
    ).toMatchObject({
      crisisNumber: '+33 1 99 00 74 74',
      cipTargetSeconds: 1800,
      cipQuorum: 1,
      escalationSeconds: 60,
    });
    expect(settings({ crisisNumber: '01.99.00.74.74', cipTargetSeconds: 14400 })).toMatchObject({
      crisisNumber: '01.99.00.74.74',
      cipTargetSeconds: 14400,
    });
  });

  it('refuses a numéro unique that is not a phone number, and CIP or escalation numbers out of range', () => {
    expect(() => settings({ crisisNumber: 'le 17' })).toThrow(/crisisNumber "le 17"/);
    expect(() => settings({ crisisNumber: '01-99-00-74-74' })).toThrow(/crisisNumber/);
    expect(() => settings({ cipTargetSeconds: '59' })).toThrow(/cipTargetSeconds "59"/);
    expect(() => settings({ cipTargetSeconds: '1h' })).toThrow(/cipTargetSeconds/);
    expect(() => settings({ cipTargetSeconds: 14401 })).toThrow(/cipTargetSeconds/);
    expect(() => settings({ cipQuorum: '0' })).toThrow(/cipQuorum "0"/);
    expect(() => settings({ cipQuorum: 21 })).toThrow(/cipQuorum/);
    expect(() => settings({ cipQuorum: '2.5' })).toThrow(/cipQuorum/);
    expect(() => settings({ escalationSeconds: '3601' })).toThrow(/escalationSeconds "3601"/);
  });

  it('stops the synth on a malformed CIP setting, naming each', () => {
    expect(() => synthesize({ crisisNumber: '17', cipQuorum: 'deux', cipTargetSeconds: '-1' })).toThrow(
      /crisisNumber "17".*cipTargetSeconds "-1".*cipQuorum "deux"/,
    );
  });

  it('names the prefecture with the department’s article, and sends from the domain given', () => {
    expect(settings({ department: '38', emailDomain: 'isere.example.org' })).toMatchObject({
      emailDomain: 'isere.example.org',
      emailFrom: 'Préfecture de l’Isère <alerte@isere.example.org>',
    });
    expect(settings({ department: '59' }).emailFrom).toMatch(/^Préfecture du Nord </);
    expect(settings({ department: '13' }).emailFrom).toMatch(/^Préfecture des Bouches-du-Rhône </);
    expect(
      settings({
        emailDomain: 'haute-savoie.example.org',
        emailFrom: 'Cabinet du préfet <cabinet@haute-savoie.example.org>',
      }).emailFrom,
    ).toBe('Cabinet du préfet <cabinet@haute-savoie.example.org>');
  });

  it('refuses a sender outside the mail domain, an address SES cannot send from, and a domain that is not one', () => {
    expect(() => settings({ emailFrom: 'Préfecture <alerte@ailleurs.example.org>' })).toThrow(/emailFrom/);
    expect(() => settings({ emailFrom: 'alerte@prefecture.example.org' })).toThrow(/emailFrom/);
    expect(() => settings({ emailFrom: 'Préfecture <préfet@prefecture.example.org>' })).toThrow(/emailFrom/);
    expect(() => settings({ emailDomain: 'prefecture' })).toThrow(/emailDomain/);
  });

  it('refuses a department that does not exist, a sender ID operators would reject, and a bad budget', () => {
    expect(() => settings({ department: '99' })).toThrow(/department "99"/);
    expect(() => settings({ senderId: 'PRÉFECTURE 74' })).toThrow(/senderId/);
    expect(() => settings({ senderId: '74000' })).toThrow(/senderId/);
    expect(() => settings({ alarmEmail: 'astreinte' })).toThrow(/alarmEmail/);
    expect(() => settings({ smsMonthlyBudgetUsd: '-5' })).toThrow(/smsMonthlyBudgetUsd/);
  });
});
