import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, TABLE_SCHEMA } from '#adapters/dynamodb-table';
import { AUDIENCES } from '#domain/activation';
import { SEND_LEASE_SECONDS } from '#domain/delivery';
import { ROLES, routes } from '#shared/routes';
import { projectRoot } from '../../infra/bundle.ts';
import {
  ACTIVATION_SORT_KEY,
  ASL_FILE,
  aslPlaceholders,
  functionCatalog,
  streamFunctions,
  taskFunctions,
} from '../../infra/lib/function-catalog.ts';
import {
  STREAM_CONSUMPTION,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
  TOPIC_ENV,
} from '../../infra/lib/module7-function.ts';
import { readSettings } from '../../infra/lib/settings.ts';
import {
  COMMITMENT_MISSED_METRIC,
  DISPATCH_FAILED_METRIC,
  SMS_SPEND_ALARM_RATIO,
  STREAM_ITERATOR_AGE_ALARM_SECONDS,
} from '../../infra/lib/stateless-stack.ts';
import { apiPathPatterns } from '../../infra/lib/web-stack.ts';
import { type CfnTemplate, logicalId, referencedResources, type Synthesized, synthesize } from './synth.ts';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON.
type Json = any;

const asl = readFileSync(ASL_FILE, 'utf8');
const apiRoutes = Object.values(routes).filter((route) => !('localOnly' in route && route.localOnly));
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every Task state of an ASL definition, in Parallel branches and Map processors too. */
const taskStates = (definition: Json): [string, Json][] =>
  Object.entries<Json>(definition.States ?? {}).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [[name, state] as [string, Json]] : []),
    ...(state.Branches ?? []).flatMap(taskStates),
    ...(state.ItemProcessor ? taskStates(state.ItemProcessor) : []),
    ...(state.Iterator ? taskStates(state.Iterator) : []),
  ]);

const resourcesOfType = (template: CfnTemplate, type: string) =>
  Object.entries<Json>(template.Resources).filter(([, resource]) => resource.Type === type);

/**
 * The resource policies (`AWS::SNS::TopicPolicy` on `Topics`, `AWS::SQS::QueuePolicy` on `Queues`) that deny
 * `action` on the resource `id` to any caller not using TLS.
 */
const tlsDenials = (template: CfnTemplate, policyType: string, targets: string, id: string, action: string) =>
  resourcesOfType(template, policyType).filter(
    ([, policy]) =>
      policy.Properties[targets].some((target: Json) => target.Ref === id) &&
      asArray<Json>(policy.Properties.PolicyDocument.Statement).some(
        (statement) =>
          statement.Effect === 'Deny' &&
          asArray(statement.Action).includes(action) &&
          statement.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
          ['"*"', '{"AWS":"*"}'].includes(JSON.stringify(statement.Principal)),
      ),
  );

/**
 * Whether a Lambda event filter pattern matches an event: the subset our patterns use (nested objects ending
 * in lists of exact values). An operator this does not know fails the test rather than matching.
 */
const matchesPattern = (pattern: Json, event: Json): boolean =>
  Object.entries<Json>(pattern).every(([key, expected]) => {
    const actual = event?.[key];
    if (!Array.isArray(expected)) return matchesPattern(expected, actual);
    if (!expected.every((value) => typeof value === 'string')) throw new Error(`Unknown filter ${expected}`);
    return expected.includes(actual);
  });

/** A DynamoDB stream record of the table, as the event source mapping filters it. */
const streamRecord = (eventName: string, key: { pk: string; sk: string }) => ({
  eventName,
  dynamodb: { NewImage: { pk: { S: key.pk }, sk: { S: key.sk }, mode: { S: 'exercise' } } },
});

/**
 * Whether an IAM resource pattern (`*` any run of characters, `?` one) matches a resource, with the partition
 * resolved to `aws`: how IAM compares a request's resource to a statement's.
 */
const iamPatternMatches = (pattern: Json, resource: string): boolean => {
  const text = typeof pattern === 'string' ? pattern : resolveJoin(pattern);
  const glob = text
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${glob}$`).test(resource);
};

/** A `Fn::Join` of literals and `AWS::Partition`, as CloudFormation resolves it in the `aws` partition. */
const resolveJoin = (value: Json): string => {
  const [separator, parts] = value['Fn::Join'] as [string, Json[]];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if (part.Ref === 'AWS::Partition') return 'aws';
      throw new Error(`Cannot resolve ${JSON.stringify(part)}`);
    })
    .join(separator);
};

/** Every statement (Allow and Deny) of every IAM policy attached to a role of the template. */
const allStatementsOfRole = (template: CfnTemplate, roleId: string): Json[] =>
  resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => policy.Properties.Roles.some((role: Json) => role.Ref === roleId))
    .flatMap(([, policy]) => asArray(policy.Properties.PolicyDocument.Statement));

/** Allow statements of every IAM policy attached to a role of the template. */
const statementsOfRole = (template: CfnTemplate, roleId: string): Json[] =>
  allStatementsOfRole(template, roleId).filter((statement) => statement.Effect === 'Allow');

describe('the deployment of the default department (Haute-Savoie)', () => {
  let synth: Synthesized;
  let stateless: CfnTemplate;
  let stateful: CfnTemplate;
  let web: CfnTemplate;

  beforeAll(() => {
    synth = synthesize();
    stateful = synth.json[synth.deployment.stateful.stackName] as CfnTemplate;
    stateless = synth.json[synth.deployment.stateless.stackName] as CfnTemplate;
    web = synth.json[synth.deployment.web.stackName] as CfnTemplate;
  }, 60_000);
  afterAll(() => synth?.cleanup());

  const functions = () => resourcesOfType(stateless, 'AWS::Lambda::Function');
  /** The application's functions (CDK's own providers live in the web stack). */
  const functionByEntry = (entry: string): [string, Json] => {
    const spec = functionCatalog().find((candidate) => candidate.entry === entry);
    const fn = synth.deployment.stateless.functions.get(spec?.id ?? '');
    if (!fn) throw new Error(`No function for ${entry}`);
    const id = logicalId(fn.function);
    return [id, stateless.Resources[id]];
  };

  it('names the stacks after the department', () => {
    expect(Object.keys(synth.json)).toEqual([
      'Module7-74-Stateful',
      'Module7-74-Stateless',
      'Module7-74-Web',
    ]);
  });

  describe('the HTTP API', () => {
    it('serves every route of the route table, and only those', () => {
      const keys = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Route').map(
        ([, route]) => route.Properties.RouteKey,
      );
      expect(keys.sort()).toEqual(apiRoutes.map((route) => `${route.method} ${route.path}`).sort());
    });

    it('puts the Cognito JWT authorizer on every route', () => {
      const [[authorizerId, authorizer]] = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Authorizer') as [
        [string, Json],
      ];
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
      const routeResources = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Route');
      expect(routeResources).toHaveLength(apiRoutes.length);
      for (const [, route] of routeResources) {
        expect(route.Properties).toMatchObject({
          AuthorizationType: 'JWT',
          AuthorizerId: { Ref: authorizerId },
        });
      }
    });

    it('sends each route to the function of its handler file', () => {
      for (const spec of functionCatalog()) {
        if (spec.kind !== 'route') continue;
        const [functionId] = functionByEntry(spec.entry);
        const [[, route]] = resourcesOfType(stateless, 'AWS::ApiGatewayV2::Route').filter(
          ([, candidate]) => candidate.Properties.RouteKey === `${spec.spec.method} ${spec.spec.path}`,
        ) as [[string, Json]];
        const integrationId = (route.Properties.Target['Fn::Join'][1] as Json[]).find(
          (part) => part.Ref,
        )?.Ref;
        const integration = stateless.Resources[integrationId];
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
      const [[, resource]] = resourcesOfType(stateless, 'AWS::StepFunctions::StateMachine') as [
        [string, Json],
      ];
      return resource.Properties;
    };

    it('is the ASL file itself, inline, with a substitution for each of its placeholders', () => {
      expect(machine().DefinitionString).toBe(asl);
      expect(Object.keys(machine().DefinitionSubstitutions).sort()).toEqual(aslPlaceholders(asl).sort());
    });

    it('points every Task at a function of the stack, through a placeholder', () => {
      const substitutions = machine().DefinitionSubstitutions as Record<string, Json>;
      const tasks = taskStates(JSON.parse(asl));
      expect(tasks.length).toBeGreaterThan(0);
      for (const [name, state] of tasks) {
        const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource)?.[1];
        expect(placeholder, `${name}.Resource`).toBeDefined();
        const target = substitutions[placeholder as string];
        expect(target, `${name}: \${${placeholder}}`).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
        expect(stateless.Resources[target['Fn::GetAtt'][0]].Type, name).toBe('AWS::Lambda::Function');
      }
    });

    it('may invoke its task functions and no other', () => {
      const roleId = machine().RoleArn['Fn::GetAtt'][0];
      const statements = statementsOfRole(stateless, roleId);
      const invoke = statements.filter((statement) =>
        asArray(statement.Action).some((action: string) => action.startsWith('lambda:')),
      );
      expect(invoke).toHaveLength(1);
      expect(invoke[0].Action).toBe('lambda:InvokeFunction');
      expect(asArray(invoke[0].Resource).sort(byJson)).toEqual(
        Object.values(machine().DefinitionSubstitutions).sort(byJson),
      );
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
        const placeholder = (/^\$\{(\w+)\}$/.exec(state.Resource) ?? [])[1] as string;
        const functionId = substitutions[placeholder]['Fn::GetAtt'][0];
        expect(stateless.Resources[functionId].Properties.Timeout, name).toBeLessThan(state.TimeoutSeconds);
      }
    });

    it('ends every sending invocation within the send lease, so that an older claim belongs to a dead one', () => {
      const senders = functionCatalog().filter((spec) => spec.sendsSms || spec.publishesEmail);
      expect(senders.map((spec) => spec.id)).toContain('DispatchAudience');
      for (const spec of senders) {
        const [, fn] = functionByEntry(spec.entry);
        expect(fn.Properties.Timeout, spec.id).toBeLessThan(SEND_LEASE_SECONDS);
      }
      const dispatchAudience = functionCatalog().find((spec) => spec.id === 'DispatchAudience');
      if (dispatchAudience?.kind !== 'task') throw new Error('DispatchAudience is not a task');
      const dispatch = taskStates(JSON.parse(asl)).filter(
        ([, state]) => state.Resource === `\${${dispatchAudience.placeholder}}`,
      );
      expect(dispatch).toHaveLength(1);
      for (const [name, state] of dispatch) {
        expect(state.TimeoutSeconds, name).toBeLessThanOrEqual(SEND_LEASE_SECONDS);
      }
    });
  });

  describe('the functions', () => {
    it('has one function per API route, per workflow task and per stream consumer, each built the house way', () => {
      expect(streamFunctions().map((spec) => spec.id)).toEqual(['StartWorkflow']);
      expect(functions()).toHaveLength(
        apiRoutes.length + aslPlaceholders(asl).length + streamFunctions().length,
      );
      for (const [id, fn] of functions()) {
        expect(fn.Properties, id).toMatchObject({
          Runtime: 'nodejs22.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          TracingConfig: { Mode: 'Active' },
          LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
          Environment: { Variables: expect.objectContaining({ DEPARTMENT: '74' }) },
        });
        const logGroup = stateless.Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
        expect(logGroup.Properties.RetentionInDays, id).toBe(365);
        const role = stateless.Resources[fn.Properties.Role['Fn::GetAtt'][0]];
        expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
      }
    });

    it('has a function for every handler file, so none is forgotten', () => {
      const entries = functionCatalog().map((spec) => spec.entry);
      for (const folder of ['http', 'tasks', 'streams']) {
        for (const file of readdirSync(join(projectRoot, 'functions', 'handlers', folder))) {
          expect(entries).toContain(`functions/handlers/${folder}/${file}`);
        }
      }
    });

    it('names in its environment only resources it is granted, and is granted only those', () => {
      const stack = synth.deployment.stateless.stackName;
      for (const [id, fn] of functions()) {
        const roleId = fn.Properties.Role['Fn::GetAtt'][0];
        const granted = new Set(
          statementsOfRole(stateless, roleId).flatMap((statement) => [
            ...referencedResources(statement.Resource, stack, synth.json),
          ]),
        );
        // What its event source mappings read (the table's stream) and write to (the failure queue) is
        // granted for Lambda's poller, not named in the environment.
        for (const [, mapping] of resourcesOfType(stateless, 'AWS::Lambda::EventSourceMapping')) {
          if (mapping.Properties.FunctionName.Ref !== id) continue;
          const { EventSourceArn, DestinationConfig } = mapping.Properties;
          for (const resource of referencedResources(
            [EventSourceArn, DestinationConfig],
            stack,
            synth.json,
          )) {
            expect(granted, `${id}: its event source mapping uses ${resource}`).toContain(resource);
            granted.delete(resource);
          }
        }
        const named = new Set<string>();
        for (const [name, value] of Object.entries<Json>(fn.Properties.Environment.Variables)) {
          for (const resource of referencedResources(value, stack, synth.json)) {
            expect(granted, `${id}: ${name} names ${resource}`).toContain(resource);
            named.add(resource);
          }
        }
        const ownLogs = `${stack}/${fn.Properties.LoggingConfig.LogGroup.Ref}`;
        expect(
          [...granted].filter((resource) => resource !== ownLogs && !named.has(resource)),
          id,
        ).toEqual([]);
      }
    });

    it('gives each function the environment its code reads', () => {
      const variables = (entry: string) =>
        Object.keys(functionByEntry(entry)[1].Properties.Environment.Variables);
      const topics = Object.values(TOPIC_ENV);
      expect(variables('functions/handlers/http/start-activation.ts').sort()).toEqual([
        'DEPARTMENT',
        'TABLE_NAME',
      ]);
      expect(variables('functions/handlers/streams/start-workflow.ts').sort()).toEqual([
        'DEPARTMENT',
        'STATE_MACHINE_ARN',
      ]);
      expect(variables('functions/handlers/http/get-openapi.ts')).toEqual(['DEPARTMENT']);
      expect(variables('functions/handlers/tasks/dispatch-audience.ts').sort()).toEqual(
        ['DEPARTMENT', 'SMS_SENDER_ID', 'TABLE_NAME', ...topics].sort(),
      );
      // The cabinet's warning is an SMS: no topic.
      expect(variables('functions/handlers/tasks/check-informing.ts').sort()).toEqual([
        'DEPARTMENT',
        'SMS_SENDER_ID',
        'TABLE_NAME',
      ]);
      for (const entry of [
        'http/list-activations',
        'tasks/record-activation',
        'tasks/evaluate-commitments',
      ]) {
        expect(variables(`functions/handlers/${entry}.ts`).sort()).toEqual(['DEPARTMENT', 'TABLE_NAME']);
      }
    });

    it('sends SMS with the sender ID of the context', () => {
      const [, fn] = functionByEntry('functions/handlers/tasks/dispatch-audience.ts');
      expect(fn.Properties.Environment.Variables.SMS_SENDER_ID).toBe('PREF74');
    });

    it('grants readers the read operations only, and writers every DynamoDB operation the adapters use', () => {
      const used = new Set<string>();
      for (const file of readdirSync(join(projectRoot, 'functions', 'adapters'))) {
        if (!file.startsWith('dynamodb-')) continue;
        const source = readFileSync(join(projectRoot, 'functions', 'adapters', file), 'utf8');
        for (const [, command] of source.matchAll(/new (\w+)Command\(/g))
          used.add(dynamodbAction(command ?? ''));
        if (/paginateQuery/.test(source)) used.add('dynamodb:Query');
        if (/paginateScan/.test(source)) used.add('dynamodb:Scan');
      }
      expect(used.size).toBeGreaterThan(0);
      expect(
        [...used].filter((action) => ![...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].includes(action)),
      ).toEqual([]);
      const tableActions = (entry: string) => {
        const [, fn] = functionByEntry(entry);
        return statementsOfRole(stateless, fn.Properties.Role['Fn::GetAtt'][0])
          .flatMap((statement) => asArray(statement.Action))
          .filter((action: string) => action.startsWith('dynamodb:'))
          .sort();
      };
      expect(tableActions('functions/handlers/http/get-activation.ts')).toEqual(
        [...TABLE_READ_ACTIONS].sort(),
      );
      expect(tableActions('functions/handlers/tasks/record-activation.ts')).toEqual(
        [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort(),
      );
      expect(tableActions('functions/handlers/http/start-activation.ts')).toEqual(
        [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort(),
      );
      // The stream consumer reads the stream, never the table.
      expect(tableActions('functions/handlers/streams/start-workflow.ts')).toEqual([
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
      ]);
    });

    it('lets StartWorkflow alone start executions, of this state machine only', () => {
      const machineId = logicalId(synth.deployment.stateless.stateMachine);
      const starters = new Map<string, Json[]>();
      for (const spec of functionCatalog()) {
        const [, fn] = functionByEntry(spec.entry);
        const statements = statementsOfRole(stateless, fn.Properties.Role['Fn::GetAtt'][0]).filter(
          (statement) => asArray<string>(statement.Action).some((action) => action.startsWith('states:')),
        );
        if (statements.length > 0) starters.set(spec.id, statements);
      }
      expect([...starters.keys()]).toEqual(['StartWorkflow']);
      expect(starters.get('StartWorkflow')).toEqual([
        { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: machineId } },
      ]);
      const [, fn] = functionByEntry('functions/handlers/streams/start-workflow.ts');
      expect(fn.Properties.Environment.Variables.STATE_MACHINE_ARN).toEqual({ Ref: machineId });
    });
  });

  describe('the table stream', () => {
    const mappings = () => resourcesOfType(stateless, 'AWS::Lambda::EventSourceMapping');
    const mapping = () => (mappings()[0] as [string, Json])[1].Properties;

    it('streams the new image of every item the table writes', () => {
      synth.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      });
    });

    it('invokes StartWorkflow with the table’s stream, from its oldest record, in small batches', () => {
      expect(mappings()).toHaveLength(1);
      const [functionId] = functionByEntry('functions/handlers/streams/start-workflow.ts');
      const tableId = logicalId(synth.deployment.stateful.table);
      expect(mapping()).toMatchObject({
        FunctionName: { Ref: functionId },
        StartingPosition: 'TRIM_HORIZON',
        BatchSize: STREAM_CONSUMPTION.batchSize,
      });
      expect(referencedResources(mapping().EventSourceArn, 'Module7-74-Stateless', synth.json)).toEqual(
        new Set([`Module7-74-Stateful/${tableId}`]),
      );
      const exported = Object.values<Json>(stateful.Outputs ?? {}).find(
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

    it('passes it the inserts of activation items and nothing else', () => {
      const filters = mapping().FilterCriteria.Filters as { Pattern: string }[];
      expect(filters).toHaveLength(1);
      const pattern = JSON.parse((filters[0] as { Pattern: string }).Pattern);
      expect(pattern).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { [TABLE_SCHEMA.sortKey]: { S: [ACTIVATION_SORT_KEY] } } },
      });
      const invoked = (record: Json) => matchesPattern(pattern, record);
      expect(invoked(streamRecord('INSERT', keys.activation('a1')))).toBe(true);
      expect(invoked(streamRecord('MODIFY', keys.activation('a1')))).toBe(false);
      expect(invoked(streamRecord('REMOVE', keys.activation('a1')))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.event('a1', 'cod.activated')))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.send('a1', 'officials#c1')))).toBe(false);
      expect(invoked(streamRecord('INSERT', keys.contact('press', 'c1')))).toBe(false);
      expect(invoked({ eventName: 'INSERT', dynamodb: {} })).toBe(false);
    });

    it('sends what it gives up on to an encrypted, TLS-only queue that keeps it 14 days', () => {
      const queueId = mapping().DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      expect(stateless.Resources[queueId]).toMatchObject({
        Type: 'AWS::SQS::Queue',
        Properties: { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 },
      });
      const denies = tlsDenials(stateless, 'AWS::SQS::QueuePolicy', 'Queues', queueId, 'sqs:*');
      expect(denies).toHaveLength(1);
      expect(resourcesOfType(stateless, 'AWS::SQS::Queue').map(([id]) => id)).toEqual([queueId]);
    });
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

    it('lets only DispatchAudience publish to the audience topics', () => {
      const statefulStack = synth.deployment.stateful.stackName;
      const topics = new Set(
        resourcesOfType(stateful, 'AWS::SNS::Topic').map(([id]) => `${statefulStack}/${id}`),
      );
      const publishers = functions().filter(([, fn]) =>
        statementsOfRole(stateless, fn.Properties.Role['Fn::GetAtt'][0]).some(
          (statement) =>
            asArray(statement.Action).includes('sns:Publish') &&
            [
              ...referencedResources(statement.Resource, synth.deployment.stateless.stackName, synth.json),
            ].some((resource) => topics.has(resource)),
        ),
      );
      expect(topics.size).toBe(3);
      expect(publishers.map(([, fn]) => fn)).toEqual([
        functionByEntry('functions/handlers/tasks/dispatch-audience.ts')[1],
      ]);
    });

    it('lets only the two messaging functions send SMS', () => {
      const smsPolicies = resourcesOfType(stateless, 'AWS::IAM::Policy').filter(([, policy]) =>
        asArray<Json>(policy.Properties.PolicyDocument.Statement).some(
          (statement) => statement.Action === 'sns:Publish' && statement.Resource === '*',
        ),
      );
      const roles = smsPolicies.flatMap(([, policy]) =>
        policy.Properties.Roles.map((role: Json) => role.Ref),
      );
      const messengers = ['tasks/dispatch-audience', 'tasks/check-informing'].map(
        (entry) => functionByEntry(`functions/handlers/${entry}.ts`)[1].Properties.Role['Fn::GetAtt'][0],
      );
      expect(roles.sort()).toEqual(messengers.sort());
      for (const [, policy] of smsPolicies) {
        expect(policy.Properties.PolicyDocument.Statement).toContainEqual({
          Action: 'sns:Publish',
          Effect: 'Allow',
          Resource: '*',
        });
        const others = asArray<Json>(policy.Properties.PolicyDocument.Statement).filter(
          (statement) => statement.Effect !== 'Deny' && statement.Resource !== '*',
        );
        expect(others).toEqual([]);
      }
    });

    it('denies the SMS-only functions every topic, and leaves them phone numbers', () => {
      const smsOnly = functionCatalog().filter((spec) => spec.sendsSms && !spec.publishesEmail);
      expect(smsOnly.map((spec) => spec.id)).toContain('CheckInforming');
      for (const spec of smsOnly) {
        const [, fn] = functionByEntry(spec.entry);
        const roleId = fn.Properties.Role['Fn::GetAtt'][0];
        synth.templates.stateless.hasResourceProperties('AWS::IAM::Policy', {
          Roles: [{ Ref: roleId }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              { Action: 'sns:Publish', Effect: 'Allow', Resource: '*' },
              {
                Action: 'sns:Publish',
                Effect: 'Deny',
                Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:*:*:*']] },
              },
            ]),
          },
        });
        const denies = allStatementsOfRole(stateless, roleId).filter(
          (statement) => statement.Effect === 'Deny' && asArray(statement.Action).includes('sns:Publish'),
        );
        const denied = (resource: string) =>
          denies.some((statement) =>
            asArray(statement.Resource).some((pattern) => iamPatternMatches(pattern, resource)),
          );
        // IAM authorises a publish to a phone number against the number itself, not an ARN.
        expect(denied('+33612345678'), spec.id).toBe(false);
        expect(denied('arn:aws:sns:eu-west-3:111122223333:Module7-74-Stateful-PressTopic-AbC'), spec.id).toBe(
          true,
        );
        expect(denied('arn:aws:sns:us-east-1:444455556666:elsewhere'), spec.id).toBe(true);
        expect(denied('arn:aws:sns:eu-west-3:111122223333:endpoint/GCM/app/0c1d'), spec.id).toBe(true);
        expect(fn.Properties.Environment.Variables, spec.id).not.toHaveProperty('TOPIC_PRESS_ARN');
      }
    });

    it('denies DispatchAudience nothing its SMS or its e-mail need: it may publish to its three topics only', () => {
      // A Deny with NotResource listing its topics would also catch phone numbers (IAM accepts only ARNs or "*"
      // there), so it has none; its topic grant names the audience topics and nothing else.
      const [, fn] = functionByEntry('functions/handlers/tasks/dispatch-audience.ts');
      const roleId = fn.Properties.Role['Fn::GetAtt'][0];
      const statements = allStatementsOfRole(stateless, roleId);
      expect(statements.filter((statement) => statement.Effect === 'Deny')).toEqual([]);
      const topicGrants = statements.filter(
        (statement) => asArray(statement.Action).includes('sns:Publish') && statement.Resource !== '*',
      );
      expect(topicGrants).toHaveLength(1);
      const statefulStack = synth.deployment.stateful.stackName;
      expect(
        referencedResources(topicGrants[0].Resource, synth.deployment.stateless.stackName, synth.json),
      ).toEqual(
        new Set(resourcesOfType(stateful, 'AWS::SNS::Topic').map(([id]) => `${statefulStack}/${id}`)),
      );
    });
  });

  describe('the data', () => {
    it('keeps the table: point-in-time recovery, deletion protection, retained, encrypted', () => {
      synth.templates.stateful.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
        },
      });
    });

    it('builds the table from the adapters’ key schema', () => {
      synth.templates.stateful.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_SCHEMA.byDateIndex.name,
            KeySchema: [
              { AttributeName: TABLE_SCHEMA.byDateIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_SCHEMA.byDateIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      });
    });

    it('has one encrypted, retained topic per audience', () => {
      const topics = resourcesOfType(stateful, 'AWS::SNS::Topic');
      expect(topics).toHaveLength(AUDIENCES.length);
      for (const [id, topic] of topics) {
        expect(topic.DeletionPolicy, id).toBe('Retain');
        expect(JSON.stringify(topic.Properties.KmsMasterKeyId), id).toMatch(/:alias\/aws\/sns"/);
      }
    });

    it('denies publishing to any topic without TLS', () => {
      for (const [stack, template] of Object.entries(synth.json)) {
        for (const [id] of resourcesOfType(template, 'AWS::SNS::Topic')) {
          const denies = tlsDenials(template, 'AWS::SNS::TopicPolicy', 'Topics', id, 'sns:Publish');
          expect(denies, `${stack}/${id}`).toHaveLength(1);
        }
      }
    });

    it('keeps the users: a retained pool with the five roles, MFA and no self sign-up', () => {
      synth.templates.stateful.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: {
          MfaConfiguration: 'ON',
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          DeletionProtection: 'ACTIVE',
        },
      });
      const groups = resourcesOfType(stateful, 'AWS::Cognito::UserPoolGroup').map(
        ([, group]) => group.Properties.GroupName,
      );
      expect(groups.sort()).toEqual([...ROLES].sort());
    });
  });

  describe('the alarms', () => {
    const alarms = () =>
      resourcesOfType(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    const alarmTopic = () => resourcesOfType(stateless, 'AWS::SNS::Topic')[0]?.[0];

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
        Dimensions: [{ Name: 'service', Value: 'module7' }],
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
        Dimensions: [{ Name: 'service', Value: 'module7' }],
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
        const [functionId] = functionByEntry(spec.entry);
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
      const [functionId] = functionByEntry('functions/handlers/streams/start-workflow.ts');
      const [[queueId]] = resourcesOfType(stateless, 'AWS::SQS::Queue') as [[string, Json]];
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

  describe('the dashboard', () => {
    it('sends every API route to API Gateway, uncached, and the rest to the private bucket', () => {
      const [[, distribution]] = resourcesOfType(web, 'AWS::CloudFront::Distribution') as [[string, Json]];
      const config = distribution.Properties.DistributionConfig;
      const behaviors = config.CacheBehaviors as Json[];
      expect(behaviors.map((behavior) => behavior.PathPattern).sort()).toEqual(apiPathPatterns().sort());
      for (const route of apiRoutes) {
        const path = route.path.replace(/\{[^}]+\}/g, 'x');
        expect(
          apiPathPatterns().some((pattern) => new RegExp(`^${pattern.replace(/\*/g, '.*')}$`).test(path)),
          route.path,
        ).toBe(true);
      }
      const apiOrigin = config.Origins.find((origin: Json) => origin.CustomOriginConfig);
      for (const behavior of behaviors) {
        expect(behavior).toMatchObject({
          TargetOriginId: apiOrigin.Id,
          ViewerProtocolPolicy: 'https-only',
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        });
      }
      expect(config).toMatchObject({ DefaultRootObject: 'index.html', Logging: expect.anything() });
      expect(
        config.Origins.find((origin: Json) => origin.S3OriginConfig).OriginAccessControlId,
      ).toBeDefined();
    });

    it('publishes the sign-in settings next to the pages', () => {
      const staged = readdirSync(synth.outdir)
        .filter((name) => name.startsWith('asset.'))
        .map((name) => join(synth.outdir, name, 'config.json'))
        .filter((file) => existsSync(file));
      expect(staged).toHaveLength(1);
      const config = JSON.parse(readFileSync(staged[0] as string, 'utf8'));
      expect(Object.keys(config).sort()).toEqual(
        ['apiBaseUrl', 'department', 'region', 'userPoolClientId', 'userPoolId'].sort(),
      );
      expect(config).toMatchObject({ department: '74', apiBaseUrl: '' });
      const [[, deployment]] = resourcesOfType(web, 'Custom::CDKBucketDeployment') as [[string, Json]];
      const { userPool, userPoolClient } = synth.deployment.stateful;
      expect(referencedResources(deployment.Properties.SourceMarkers, 'Module7-74-Web', synth.json)).toEqual(
        new Set([
          `Module7-74-Stateful/${logicalId(userPool)}`,
          `Module7-74-Stateful/${logicalId(userPoolClient)}`,
        ]),
      );
    });
  });
});

describe('the deployment of another department', () => {
  let synth: Synthesized;

  beforeAll(() => {
    synth = synthesize({ department: '38', alarmEmail: 'si@isere.example.org', smsMonthlyBudgetUsd: '250' });
  }, 60_000);
  afterAll(() => synth?.cleanup());

  it('has its own stacks, department, sender ID and budget', () => {
    expect(Object.keys(synth.json)).toEqual([
      'Module7-38-Stateful',
      'Module7-38-Stateless',
      'Module7-38-Web',
    ]);
    for (const [, fn] of resourcesOfType(
      synth.json['Module7-38-Stateless'] as CfnTemplate,
      'AWS::Lambda::Function',
    )) {
      expect(fn.Properties.Environment.Variables.DEPARTMENT).toBe('38');
      if (fn.Properties.Environment.Variables.SMS_SENDER_ID) {
        expect(fn.Properties.Environment.Variables.SMS_SENDER_ID).toBe('PREF38');
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
});

describe('the function catalogue', () => {
  /** A one-Task ASL text naming `${name}FunctionArn`. */
  const aslNaming = (name: string) => JSON.stringify({ Resource: `\${${name}FunctionArn}` });

  it('builds a function for each task the ASL names, and none for a declared task it does not name', () => {
    const only = taskFunctions(aslNaming('RecordActivation'));
    expect(only.map((spec) => spec.id)).toEqual(['RecordActivation']);
    expect(
      taskFunctions()
        .map((spec) => spec.id)
        .sort(),
    ).toEqual(
      aslPlaceholders(asl)
        .map((placeholder) => placeholder.replace(/FunctionArn$/, ''))
        .sort(),
    );
  });

  it('stops on a task the ASL names without a declaration', () => {
    expect(() => taskFunctions(aslNaming('NotifyMoon'))).toThrow(/NotifyMoon has no access declared/);
  });
});

describe('the context values', () => {
  // An App without outdir makes a cdk.out* folder in the temporary directory each time: give them one, removed.
  const outdir = mkdtempSync(join(tmpdir(), 'module7-settings-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));
  const settings = (context: Record<string, unknown>) => readSettings(new App({ context, outdir }).node);

  it('defaults to Haute-Savoie', () => {
    expect(settings({})).toEqual({
      department: '74',
      senderId: 'PREF74',
      alarmEmail: 'astreinte-si@example.org',
      smsMonthlyBudgetUsd: 100,
    });
  });

  it('refuses a department that does not exist, a sender ID operators would reject, and a bad budget', () => {
    expect(() => settings({ department: '99' })).toThrow(/department "99"/);
    expect(() => settings({ senderId: 'PRÉFECTURE 74' })).toThrow(/senderId/);
    expect(() => settings({ senderId: '74000' })).toThrow(/senderId/);
    expect(() => settings({ alarmEmail: 'astreinte' })).toThrow(/alarmEmail/);
    expect(() => settings({ smsMonthlyBudgetUsd: '-5' })).toThrow(/smsMonthlyBudgetUsd/);
  });
});

const byJson = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** `Get` → `dynamodb:GetItem`, `BatchWrite` → `dynamodb:BatchWriteItem`, `Query` → `dynamodb:Query`. */
const dynamodbAction = (command: string) => {
  if (command === 'Query' || command === 'Scan') return `dynamodb:${command}`;
  if (command.startsWith('Transact')) return `dynamodb:${command}Items`;
  return `dynamodb:${command}Item`;
};
