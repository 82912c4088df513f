/**
 * The synth.stateless stack (`infra/lib/stateless-stack.ts` and its parts): the HTTP API, the state machine, the
 * table stream's consumers and the alarms. The functions themselves: `functions.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_SORT_KEY,
  CIP_ORDER_SORT_KEY,
  keys,
  MESSAGE_SORT_PREFIX,
  TABLE_SCHEMA,
} from '#adapters/dynamodb-keys';
import { SEND_LEASE_SECONDS } from '#domain/delivery';
import { TELEMETRY } from '#shared/contract';
import { type RouteSpec, routes } from '#shared/routes';
import {
  COMMITMENT_MISSED_METRIC,
  DISPATCH_FAILED_METRIC,
  SMS_SPEND_ALARM_RATIO,
  STREAM_ITERATOR_AGE_ALARM_SECONDS,
} from '../../infra/lib/alarms.ts';
import {
  ASL_FILE,
  aslPlaceholders,
  functionCatalog,
  streamFunctions,
} from '../../infra/lib/function-catalog.ts';
import { STREAM_CONSUMPTION } from '../../infra/lib/module7-function.ts';
import {
  asArray,
  byJson,
  functionByEntry,
  functionOfTask,
  type Json,
  logicalId,
  matchesPattern,
  referencedResources,
  resourcesOfType,
  statementsOfRole,
  taskStates,
  taskTimeoutSeconds,
  tlsDenials,
} from './cfn.ts';
import { useSynthesized } from './synth.ts';

const asl = readFileSync(ASL_FILE, 'utf8');
const apiRoutes = Object.values(routes).filter((route) => !('localOnly' in route && route.localOnly));

/** A DynamoDB stream record of the table, as the event source mapping filters it. */
const streamRecord = (eventName: string, key: { pk: string; sk: string }) => ({
  eventName,
  dynamodb: { NewImage: { pk: { S: key.pk }, sk: { S: key.sk }, mode: { S: 'exercise' } } },
});

describe('the synth.stateless stack of the default department (Haute-Savoie)', () => {
  const synth = useSynthesized();

  describe('the HTTP API', () => {
    it('serves every route of the route table, and only those', () => {
      const keys = resourcesOfType(synth.stateless, 'AWS::ApiGatewayV2::Route').map(
        ([, route]) => route.Properties.RouteKey,
      );
      expect(keys.sort()).toEqual(apiRoutes.map((route) => `${route.method} ${route.path}`).sort());
    });

    it('puts the Cognito JWT authorizer on every route but the two public pages of the links', () => {
      const [[authorizerId, authorizer]] = resourcesOfType(
        synth.stateless,
        'AWS::ApiGatewayV2::Authorizer',
      ) as [[string, Json]];
      expect(authorizer.Properties).toMatchObject({
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
      });
      expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp');
      const { userPool, userPoolClient } = synth.deployment.stateful;
      expect(
        referencedResources(authorizer.Properties.JwtConfiguration, 'Module7-74-Stateless', synth.json),
      ).toEqual(
        new Set([
          `Module7-74-Stateful/${logicalId(userPool)}`,
          `Module7-74-Stateful/${logicalId(userPoolClient)}`,
        ]),
      );
      const routeResources = resourcesOfType(synth.stateless, 'AWS::ApiGatewayV2::Route');
      expect(routeResources).toHaveLength(apiRoutes.length);
      const publicKeys = apiRoutes
        .filter((route: RouteSpec) => route.public)
        .map((route) => `${route.method} ${route.path}`);
      expect(publicKeys.sort()).toEqual(['GET /ack/{code}', 'POST /ack/{code}']);
      for (const [, route] of routeResources) {
        if (publicKeys.includes(route.Properties.RouteKey)) {
          expect(route.Properties.AuthorizationType).toBe('NONE');
          expect(route.Properties.AuthorizerId).toBeUndefined();
        } else {
          expect(route.Properties).toMatchObject({
            AuthorizationType: 'JWT',
            AuthorizerId: { Ref: authorizerId },
          });
        }
      }
    });

    it('sends each route to the function of its handler file', () => {
      for (const spec of functionCatalog()) {
        if (spec.kind !== 'route') continue;
        const [functionId] = functionByEntry(synth, spec.entry);
        const [[, route]] = resourcesOfType(synth.stateless, 'AWS::ApiGatewayV2::Route').filter(
          ([, candidate]) => candidate.Properties.RouteKey === `${spec.spec.method} ${spec.spec.path}`,
        ) as [[string, Json]];
        const integrationId = (route.Properties.Target['Fn::Join'][1] as Json[]).find(
          (part) => part.Ref,
        )?.Ref;
        const integration = synth.stateless.Resources[integrationId];
        expect(
          referencedResources(integration.Properties.IntegrationUri, 'Module7-74-Stateless', synth.json),
        ).toEqual(new Set([`Module7-74-Stateless/${functionId}`]));
      }
    });

    it('logs every request and throttles the stage', () => {
      synth.templates.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
        DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
      });
    });
  });

  describe('the state machine', () => {
    const machine = () => {
      const [[, resource]] = resourcesOfType(synth.stateless, 'AWS::StepFunctions::StateMachine') as [
        [string, Json],
      ];
      return resource.Properties;
    };
    const machineId = () =>
      (resourcesOfType(synth.stateless, 'AWS::StepFunctions::StateMachine') as [[string, Json]])[0][0];

    it('is the ASL file itself, inline, with a substitution for each of its placeholders', () => {
      expect(machine().DefinitionString).toBe(asl);
      expect(Object.keys(machine().DefinitionSubstitutions).sort()).toEqual(aslPlaceholders(asl).sort());
    });

    it('points every Task at a function of the stack, through a placeholder', () => {
      const substitutions = machine().DefinitionSubstitutions as Record<string, Json>;
      const tasks = taskStates(JSON.parse(asl));
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, state] of tasks) {
        const placeholder = /^\$\{(\w+)\}$/.exec(functionOfTask(state))?.[1];
        expect(placeholder, `${name}.Resource`).toBeDefined();
        const target = substitutions[placeholder as string];
        expect(target, `${name}: \${${placeholder}}`).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
        expect(synth.stateless.Resources[target['Fn::GetAtt'][0]].Type, name).toBe('AWS::Lambda::Function');
      }
    });

    it('may invoke its task functions and no other', () => {
      const roleId = machine().RoleArn['Fn::GetAtt'][0];
      const statements = statementsOfRole(synth.stateless, roleId);
      const invoke = statements.filter((statement) =>
        asArray(statement.Action).some((action: string) => action.startsWith('lambda:')),
      );
      expect(invoke).toHaveLength(1);
      expect(invoke[0].Action).toBe('lambda:InvokeFunction');
      expect(asArray(invoke[0].Resource).sort(byJson)).toEqual(
        Object.values(machine().DefinitionSubstitutions).sort(byJson),
      );
    });

    it('may start its own executions, and describe and stop them: the batches of its Distributed Maps', () => {
      const roleId = machine().RoleArn['Fn::GetAtt'][0];
      const statements = statementsOfRole(synth.stateless, roleId).filter((statement) =>
        asArray(statement.Action).some((action: string) => action.startsWith('states:')),
      );
      const actions = statements.flatMap((statement) => asArray(statement.Action)).sort();
      expect(actions).toEqual(['states:DescribeExecution', 'states:StartExecution', 'states:StopExecution']);
      const start = statements.find((statement) =>
        asArray(statement.Action).includes('states:StartExecution'),
      );
      // Its own ARN and nothing else.
      expect(start?.Resource).toEqual({ Ref: machineId() });
    });

    it('logs ALL events with their data and is traced', () => {
      expect(machine()).toMatchObject({
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
        TracingConfiguration: { Enabled: true },
      });
    });

    it('lets each task function time out before its Task does', () => {
      const substitutions = machine().DefinitionSubstitutions as Record<string, Json>;
      for (const [name, state] of taskStates(JSON.parse(asl))) {
        const placeholder = (/^\$\{(\w+)\}$/.exec(functionOfTask(state)) ?? [])[1] as string;
        const functionId = substitutions[placeholder]['Fn::GetAtt'][0];
        expect(synth.stateless.Resources[functionId].Properties.Timeout, name).toBeLessThan(
          taskTimeoutSeconds(state),
        );
      }
    });

    it('ends every sending invocation within the send lease, so that an older claim belongs to a dead one', () => {
      const senders = functionCatalog().filter((spec) => spec.sendsSms || spec.sendsEmail);
      expect(senders.map((spec) => spec.id)).toContain('DispatchAudience');
      for (const spec of senders) {
        const [, fn] = functionByEntry(synth, spec.entry);
        expect(fn.Properties.Timeout, spec.id).toBeLessThan(SEND_LEASE_SECONDS);
      }
      const dispatchAudience = functionCatalog().find((spec) => spec.id === 'DispatchAudience');
      if (dispatchAudience?.kind !== 'task') throw new Error('DispatchAudience is not a task');
      const dispatch = taskStates(JSON.parse(asl)).filter(
        ([, state]) => state.Resource === `\${${dispatchAudience.placeholder}}`,
      );
      // The batches of the first hour's dispatch and of a follow-up message's, inline and at scale.
      expect(dispatch.map(([name]) => name).sort()).toEqual([
        'DispatchAudience',
        'DispatchAudienceAtScale',
        'DispatchMessage',
        'DispatchMessageAtScale',
      ]);
      for (const [name, state] of dispatch) {
        expect(state.TimeoutSeconds, name).toBeLessThanOrEqual(SEND_LEASE_SECONDS);
      }
    });
  });

  describe('the table stream', () => {
    const mappings = () => resourcesOfType(synth.stateless, 'AWS::Lambda::EventSourceMapping');
    const mapping = () => (mappings()[0] as [string, Json])[1].Properties;

    it('invokes StartWorkflow with the table’s stream, from its oldest record, in small batches', () => {
      expect(mappings()).toHaveLength(1);
      const [functionId] = functionByEntry(synth, 'functions/handlers/streams/start-workflow.ts');
      const tableId = logicalId(synth.deployment.stateful.table);
      expect(mapping()).toMatchObject({
        FunctionName: { Ref: functionId },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: STREAM_CONSUMPTION.batchSize,
      });
      expect(referencedResources(mapping().EventSourceArn, 'Module7-74-Stateless', synth.json)).toEqual(
        new Set([`Module7-74-Stateful/${tableId}`]),
      );
      const exported = Object.values<Json>(synth.stateful.Outputs ?? {}).find(
        (output) => output.Export?.Name === mapping().EventSourceArn['Fn::ImportValue'],
      );
      expect(exported?.Value).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    });

    it('retries failed records alone, a bounded number of times and for an hour at most', () => {
      expect(mapping()).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        MaximumRecordAgeInSeconds: 3600,
      });
    });

    it('passes it the inserts of activations, CIP orders and follow-up messages, and nothing else', () => {
      const filters = mapping().FilterCriteria.Filters as { Pattern: string }[];
      expect(filters).toHaveLength(1);
      const pattern = JSON.parse((filters[0] as { Pattern: string }).Pattern);
      expect(pattern).toEqual({
        eventName: ['INSERT'],
        dynamodb: {
          NewImage: {
            [TABLE_SCHEMA.sortKey]: {
              S: [ACTIVATION_SORT_KEY, CIP_ORDER_SORT_KEY, { prefix: MESSAGE_SORT_PREFIX }],
            },
          },
        },
      });
      const invoked = (record: Json) => matchesPattern(pattern, record);
      for (const key of [keys.activation('a1'), keys.cipOrder('a1'), keys.message('a1', 'msg-1')]) {
        expect(invoked(streamRecord('INSERT', key)), key.sk).toBe(true);
        expect(invoked(streamRecord('MODIFY', key)), key.sk).toBe(false);
        expect(invoked(streamRecord('REMOVE', key)), key.sk).toBe(false);
      }
      // The prefix is the sort key's beginning, not a word in it.
      expect(invoked(streamRecord('INSERT', { pk: 'ACT#a1', sk: 'MESSAGE' }))).toBe(false);
      expect(invoked(streamRecord('INSERT', { pk: 'ACT#a1', sk: `X${MESSAGE_SORT_PREFIX}msg-1` }))).toBe(
        false,
      );
      expect(invoked(streamRecord('INSERT', { pk: 'ACT#a1', sk: 'CIP#operator' }))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.event('a1', 'cod.activated')))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.send('a1', 'officials#c1')))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.contact('c1')))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.directoryEvent('2026-03-10T10:00:00.000Z', 'e1')))).toBe(
        false,
      );
      expect(invoked({ eventName: 'INSERT', dynamodb: {} })).toBe(false);
    });

    it('sends what it gives up on to an encrypted, TLS-only queue that keeps it 14 days', () => {
      const queueId = mapping().DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      expect(synth.stateless.Resources[queueId]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 },
      });
      const denies = tlsDenials(synth.stateless, 'AWS::SQS::QueuePolicy', 'Queues', queueId, 'sqs:*');
      expect(denies).toHaveLength(1);
      expect(resourcesOfType(synth.stateless, 'AWS::SQS::Queue').map(([id]) => id)).toEqual([queueId]);
    });
  });

  describe('the alarms', () => {
    const alarms = () =>
      resourcesOfType(synth.stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const alarmTopic = () => resourcesOfType(synth.stateless, 'AWS::SNS::Topic')[0]?.[0];

    it('e-mails every alarm to the on-call address of the context, and stays quiet without data', () => {
      // Workflow, commitments, dispatch, SMS spend and API; errors and throttles per function; two per consumer.
      expect(alarms()).toHaveLength(5 + 2 * functionCatalog().length + 2 * streamFunctions().length);
      for (const alarm of alarms()) {
        expect(alarm.AlarmActions).toEqual([{ Ref: alarmTopic() }]);
        expect(alarm.TreatMissingData).toBe('notBreaching');
      }
      synth.templates.stateless.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'astreinte-si@example.org',
        TopicArn: { Ref: alarmTopic() },
      });
    });

    it('watches failed executions, missed commitments and SMS spend', () => {
      const json = JSON.stringify(alarms());
      expect(json).toContain('ExecutionsFailed');
      expect(json).toContain('ExecutionsTimedOut');
      synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: COMMITMENT_MISSED_METRIC.namespace,
        MetricName: COMMITMENT_MISSED_METRIC.metricName,
        Dimensions: [{ Name: 'service', Value: TELEMETRY.service }],
        Threshold: 1,
      });
      synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SNS',
        MetricName: 'SMSMonthToDateSpentUSD',
        Threshold: 100 * SMS_SPEND_ALARM_RATIO,
      });
    });

    it('watches dispatch failures: an audience not informed fires within a minute', () => {
      synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: DISPATCH_FAILED_METRIC.namespace,
        MetricName: DISPATCH_FAILED_METRIC.metricName,
        Dimensions: [{ Name: 'service', Value: TELEMETRY.service }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: alarmTopic() }],
      });
    });

    it('watches the HTTP API’s stage for server errors (5xx)', () => {
      const apiId = logicalId(synth.deployment.stateless.api);
      synth.templates.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        ApiId: { Ref: apiId },
        StageName: '$default',
      });
      synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApiGateway',
        MetricName: '5xx',
        Dimensions: [
          { Name: 'ApiId', Value: { Ref: apiId } },
          { Name: 'Stage', Value: '$default' },
        ],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: alarmTopic() }],
      });
    });

    it('watches every function of the catalogue for errors and throttles, each alarm naming its function', () => {
      for (const spec of functionCatalog()) {
        const [functionId] = functionByEntry(synth, spec.entry);
        for (const metricName of ['Errors', 'Throttles']) {
          const matching = alarms().filter(
            (alarm) =>
              alarm.Namespace === 'AWS/Lambda' &&
              alarm.MetricName === metricName &&
              JSON.stringify(alarm.Dimensions) ===
                JSON.stringify([{ Name: 'FunctionName', Value: { Ref: functionId } }]),
          );
          expect(matching, `${spec.id} ${metricName}`).toHaveLength(1);
          expect(matching[0], `${spec.id} ${metricName}`).toMatchObject({
            Statistic: 'Sum',
            Threshold: 1,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            AlarmDescription: expect.stringContaining(spec.id),
          });
        }
      }
    });

    it('watches the stream consumer: a message in its failure queue, a record waiting over a minute', () => {
      const [functionId] = functionByEntry(synth, 'functions/handlers/streams/start-workflow.ts');
      const [[queueId]] = resourcesOfType(synth.stateless, 'AWS::SQS::Queue') as [[string, Json]];
      synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: alarmTopic() }],
      });
      synth.templates.stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'IteratorAge',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Statistic: 'Maximum',
        Threshold: STREAM_ITERATOR_AGE_ALARM_SECONDS * 1000,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: alarmTopic() }],
      });
    });

    it('lets CloudWatch use the alarm topic’s key', () => {
      synth.templates.stateless.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
    });
  });
});
