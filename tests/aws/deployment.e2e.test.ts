/**
 * The deployment informs people, proven without an AWS account: each function bundled as CDK deploys it, run
 * in its own Node.js process with the environment the synthesized template gives it; the table created as the
 * stateful template declares it, on Amazon's DynamoDB Local; SNS, SES v2 and Step Functions as a stand-in that
 * records every request on the wire (tests/helpers/aws-wire.ts). The state machine's tasks are invoked in the
 * order of the deployed definition, with the inputs its Parameters and ItemSelector build; its Waits are
 * skipped by calling the next task at once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  type CreateTableCommandInput,
  DeleteTableCommand,
  type DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { keys } from '#adapters/dynamodb-keys';
import { statesOf } from '#local/state-machine';
import { endpointClient } from '#local/table';
import type { ApiEvent } from '#shared/http/edge';
import { minutesAgo } from '#tests/helpers/activation-request';
import {
  type AwsStandIn,
  invokeBundle,
  startAwsStandIn,
  TEST_ACCOUNT,
  TEST_CREDENTIALS,
  TEST_REGION,
} from '#tests/helpers/aws-wire';
import { apiEvent } from '#tests/helpers/lambda';
import { type BuiltFunction, bundleFolder, bundleFunction } from '../../infra/bundle.ts';
import { type FunctionSpec, functionCatalog } from '../../infra/lib/function-catalog.ts';
import {
  type CfnTemplate,
  functionByEntry,
  type Json,
  matchesPattern,
  resourcesOfType,
} from '../infra/cfn.ts';
import { type Synthesized, synthesize } from '../infra/synth.ts';

const DEPARTMENT = '74';

/**
 * The functions the scenario invokes: four routes, the stream consumer, and the tasks on the workflow's path
 * when every audience is informed (RecordDispatchFailure is the Catch of a dispatch that fails; the Distributed
 * Map runs the same batch task as the inline one).
 */
const INVOKED = [
  'ImportDirectory',
  'StartActivation',
  'GetActivation',
  'GetTimeline',
  'StartWorkflow',
  'RecordActivation',
  'PlanDispatch',
  'DispatchAudience',
  'CompleteDispatch',
  'CheckInforming',
  'EvaluateCommitments',
  'SettleCommitments',
];
const catalog = functionCatalog().filter((spec) => INVOKED.includes(spec.id));

/** A function as deployed: its bundle and the environment its template gives it. */
interface DeployedFunction {
  file: string;
  env: Record<string, string>;
}

/** The part of a CloudFormation value that is a `Ref`, followed through a cross-stack import. */
const refOf = (value: Json, templates: Record<string, CfnTemplate>): string | undefined => {
  if (typeof value?.Ref === 'string') return value.Ref;
  const imported = value?.['Fn::ImportValue'];
  if (typeof imported !== 'string') return undefined;
  for (const template of Object.values(templates)) {
    for (const output of Object.values<Json>(template.Outputs ?? {})) {
      if (output.Export?.Name === imported) return refOf(output.Value, templates);
    }
  }
  return undefined;
};

/**
 * CreateTable from the template's table: what shapes the data (keys, index, stream) is translated; what only
 * concerns the service (billing, recovery, deletion protection, encryption at rest) has no local bearing. Any
 * other property stops the test, so that a new one (a TTL, a second index) is translated, not ignored.
 */
const createTableInput = (properties: Json, tableName: string): CreateTableCommandInput => {
  const translated = ['AttributeDefinitions', 'KeySchema', 'GlobalSecondaryIndexes', 'StreamSpecification'];
  const operational = [
    'BillingMode',
    'PointInTimeRecoverySpecification',
    'DeletionProtectionEnabled',
    'SSESpecification',
  ];
  const unknown = Object.keys(properties).filter((key) => ![...translated, ...operational].includes(key));
  if (unknown.length > 0) throw new Error(`Table properties not translated: ${unknown.join(', ')}`);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes.map((index: Json) => ({
      IndexName: index.IndexName,
      KeySchema: index.KeySchema,
      Projection: index.Projection,
    })),
    StreamSpecification: {
      StreamEnabled: true,
      StreamViewType: properties.StreamSpecification.StreamViewType,
    },
  };
};

/** A JSONPath of the ASL (`$.activationId`, `$$.Map.Item.Value`) read from the state input or the context. */
const readPath = (path: string, input: Json, context: Json): Json => {
  const [root, ...fields] = path.split('.');
  const value = fields.reduce((at, field) => at?.[field], root === '$$' ? context : input);
  if (value === undefined) throw new Error(`States.Runtime: ${path} is not in the input`);
  return value;
};

/**
 * Whether a Choice rule holds for its input, as Step Functions evaluates it: the operators the definition uses
 * (`And`, `IsPresent`, `StringEquals`, `BooleanEquals`); any other stops the test.
 */
const holds = (rule: Json, input: Json): boolean => {
  if (rule.And) return (rule.And as Json[]).every((inner) => holds(inner, input));
  const present = (() => {
    try {
      readPath(rule.Variable, input, {});
      return true;
    } catch {
      return false;
    }
  })();
  if ('IsPresent' in rule) return present === rule.IsPresent;
  if ('StringEquals' in rule) return present && readPath(rule.Variable, input, {}) === rule.StringEquals;
  if ('BooleanEquals' in rule) return present && readPath(rule.Variable, input, {}) === rule.BooleanEquals;
  throw new Error(`Choice operator not evaluated here: ${JSON.stringify(rule)}`);
};

/** What a `Parameters` or `ItemSelector` block makes of its input, as Step Functions builds it. */
const selected = (template: Record<string, Json>, input: Json, context: Json = {}) =>
  Object.fromEntries(
    Object.entries(template).map(([key, value]) =>
      key.endsWith('.$') ? [key.slice(0, -2), readPath(value, input, context)] : [key, value],
    ),
  );

/** The CSV files an administrator exports from the prefecture's spreadsheet, one per audience. */
const DIRECTORY = {
  officials: [
    'Nom;Fonction;Code INSEE;Portable;Courriel;Actif',
    'Maire d’Annecy;Maire;74010;06 39 98 00 09;maire-74010@example.org;oui',
    'Première adjointe d’Annecy;Maire adjointe;74010;06 39 98 00 10;adjointe-74010@example.org;oui',
    'Maire de Thonon-les-Bains;Maire;74281;+33 6 39 98 02 45;maire-74281@example.org;oui',
    'Député de la 5e circonscription (démo);Député;74281 74119;06 39 98 10 05;depute-5@example.org;oui',
    'Maire de Cluses;Maire;74081;06 39 98 00 80;maire-74081@example.org;oui',
    'Ancien maire de Thonon-les-Bains;Maire;74281;06 39 98 02 46;ancien-maire-74281@example.org;non',
  ],
  press: [
    'Nom;Fonction;Portable;Courriel;Actif',
    'Rédaction du quotidien régional (démo);Rédaction;06 39 98 20 00;presse-1@example.org;oui',
    'Radio locale, rédaction (démo);Rédaction;06.39.98.20.01;presse-2@example.org;oui',
  ],
  publicLine: [
    'Nom;Fonction;Portable;Courriel;Actif',
    'Ligne d’information, poste 1;Opératrice de la ligne d’information;06 39 98 30 00;ligne-1@example.org;oui',
    'Ligne d’information, poste 2;Opérateur de la ligne d’information;06 39 98 30 01;ligne-2@example.org;oui',
  ],
  cabinet: [
    'Nom;Fonction;Portable;Courriel;Actif',
    'Cabinet du préfet, permanence;Agent de la préfecture;06 39 98 40 00;cabinet@example.org;oui',
  ],
};

/** Who the flood in Annecy and Thonon-les-Bains concerns: the active officials of either commune, and all
 * of the press and the public line. Not the mayor of Cluses, the former mayor, nor the cabinet (the hour
 * goes well: it is not warned). */
const INFORMED = [
  ['+33639980009', 'maire-74010@example.org'],
  ['+33639980010', 'adjointe-74010@example.org'],
  ['+33639980245', 'maire-74281@example.org'],
  ['+33639981005', 'depute-5@example.org'],
  ['+33639982000', 'presse-1@example.org'],
  ['+33639982001', 'presse-2@example.org'],
  ['+33639983000', 'ligne-1@example.org'],
  ['+33639983001', 'ligne-2@example.org'],
];

/** The typographic apostrophe makes it UCS-2: 131 characters once framed, two parts. */
const SMS = 'Crue du Fier : berges fermées à Annecy et Thonon. N’approchez pas des berges.';
const SUBJECT = 'Crue du Fier : berges fermées à Annecy et Thonon-les-Bains';
const BANNER = 'EXERCICE EXERCICE EXERCICE';

describe('the deployment, bundled as CDK deploys it, on DynamoDB Local and AWS on the wire', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'module7-e2e-'));
  const tableName = `module7-e2e-${randomUUID()}`;
  const stateMachineArn = `arn:aws:states:${TEST_REGION}:${TEST_ACCOUNT}:stateMachine:Module7-74-Workflow`;
  const deployed = new Map<string, DeployedFunction>();
  let synth: Synthesized;
  let client: DynamoDBClient;
  let aws: AwsStandIn;
  let streamArn: string;
  let definition: Json;
  /** The Lambda function (logical ID) each `${…FunctionArn}` placeholder of the definition names. */
  let substitutions: Record<string, Json>;
  let streamFilters: Json[];
  const T0 = minutesAgo(5);
  let activationId: string;
  let executionInput: Json;

  const endpoint = () => {
    const given = inject('dynamodbEndpoint');
    if (!given) throw new Error('This test runs in the dynamodb-local project (DynamoDB Local).');
    return given;
  };

  const invoke = async (spec: FunctionSpec, event: unknown) => {
    const fn = deployed.get(spec.id);
    if (!fn) throw new Error(`${spec.id} is not deployed`);
    return invokeBundle(fn.file, event, fn.env, {
      functionName: spec.id,
      timeoutSeconds: spec.timeoutSeconds,
    });
  };
  const route = (name: string) => {
    const spec = catalog.find((candidate) => candidate.kind === 'route' && candidate.route === name);
    if (!spec) throw new Error(`No route ${name}`);
    return spec;
  };
  /** Calls a route's function with an API Gateway event; its status and JSON body. */
  const call = async (name: string, event: ApiEvent) => {
    const { result, error } = await invoke(route(name), event);
    if (error) throw new Error(`${name} threw ${error.name}: ${error.message}`);
    const response = result as { statusCode: number; body: string };
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, any> };
  };
  const read = (name: string, path: string, id: string) =>
    call(
      name,
      apiEvent('start-activation', (event) => {
        event.routeKey = `GET ${path}`;
        event.rawPath = path.replace('{id}', id);
        event.requestContext.routeKey = event.routeKey;
        event.requestContext.http.method = 'GET';
        event.requestContext.http.path = event.rawPath;
        event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[quality]';
        event.pathParameters = { id };
        event.headers = { host: event.headers['host'] ?? '' };
        delete event.body;
      }),
    );

  /** A state of the deployed definition, in a branch or a Map too. */
  const stateNamed = (name: string): Json => {
    const state = statesOf(definition.States).find(([candidate]) => candidate === name)?.[1];
    if (!state) throw new Error(`No state ${name} in the deployed definition`);
    return state;
  };
  /** Invokes the function of a Task state of the deployed definition with the input its Parameters build. */
  const runTask = async (name: string, stateInput: Json) => {
    const state = stateNamed(name);
    const placeholder = /^\$\{(\w+)\}$/.exec(state.Resource ?? '')?.[1] ?? '';
    const logicalId = substitutions[placeholder]?.['Fn::GetAtt']?.[0];
    const spec = catalog.find((candidate) => functionByEntry(synth, candidate.entry)[0] === logicalId);
    if (!spec) throw new Error(`Task ${name} invokes no deployed function (${state.Resource})`);
    return invoke(spec, selected(state.Parameters, stateInput));
  };

  /**
   * One iteration of InformAudiences as its states run it: the plan (its result under `$.plan`), each batch of
   * the inline Map one after the other, then the completion, whose result is the iteration's.
   */
  const informAudience = async (item: Json) => {
    const processor = stateNamed('InformAudiences').ItemProcessor;
    const plan = await runTask(processor.StartAt, item);
    if (plan.error) return plan;
    const planned = { ...item, plan: plan.result };
    const batches = stateNamed('DispatchBatches');
    for (const [index, batch] of (readPath(batches.ItemsPath, planned, {}) as Json[]).entries()) {
      const sent = await runTask(
        batches.ItemProcessor.StartAt,
        selected(batches.ItemSelector, planned, { Map: { Item: { Index: index, Value: batch } } }),
      );
      if (sent.error) return sent;
    }
    return runTask(batches.Next, planned);
  };

  beforeAll(async () => {
    // esbuild bundles in its own process while the CDK app synthesizes in this one.
    const bundles = Promise.all(
      catalog.map((spec) => bundleFunction(spec.entry, bundleFolder(outdir, spec.entry), DEPARTMENT)),
    );
    synth = synthesize();
    const built = new Map<string, BuiltFunction>((await bundles).map((bundle) => [bundle.entry, bundle]));
    const stateful = synth.json[synth.deployment.stateful.stackName] as CfnTemplate;
    const stateless = synth.json[synth.deployment.stateless.stackName] as CfnTemplate;

    const [tables, machines] = [
      resourcesOfType(stateful, 'AWS::DynamoDB::Table'),
      resourcesOfType(stateless, 'AWS::StepFunctions::StateMachine'),
    ];
    expect(tables).toHaveLength(1);
    expect(machines).toHaveLength(1);
    const [[tableId, table], [machineId, machine]] = [tables[0] as Json, machines[0] as Json];
    definition = JSON.parse(machine.Properties.DefinitionString);
    substitutions = machine.Properties.DefinitionSubstitutions;

    client = endpointClient(endpoint());
    const created = await client.send(new CreateTableCommand(createTableInput(table.Properties, tableName)));
    streamArn = created.TableDescription?.LatestStreamArn ?? '';
    aws = await startAwsStandIn();

    // What each resource a function's environment refers to is, here.
    const resolved: Record<string, string> = { [tableId]: tableName, [machineId]: stateMachineArn };
    for (const spec of catalog) {
      const [id, fn] = functionByEntry(synth, spec.entry);
      const variables = Object.entries<Json>(fn.Properties.Environment?.Variables ?? {});
      const env = Object.fromEntries(
        variables.map(([name, value]) => {
          if (typeof value === 'string') return [name, value];
          const resource = resolved[refOf(value, synth.json) ?? ''];
          if (resource === undefined) {
            throw new Error(`${id}: cannot resolve ${name} = ${JSON.stringify(value)}`);
          }
          return [name, resource];
        }),
      );
      deployed.set(spec.id, {
        file: join(built.get(spec.entry)?.outdir ?? '', 'index.mjs'),
        env: {
          ...env,
          // What Lambda adds, then where each client's requests go (the SDK's service-specific endpoints).
          AWS_REGION: TEST_REGION,
          ...TEST_CREDENTIALS,
          AWS_LAMBDA_FUNCTION_NAME: spec.id,
          AWS_ENDPOINT_URL_DYNAMODB: endpoint(),
          AWS_ENDPOINT_URL_SNS: aws.endpoint,
          AWS_ENDPOINT_URL_SESV2: aws.endpoint,
          AWS_ENDPOINT_URL_SFN: aws.endpoint,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          POWERTOOLS_METRICS_DISABLED: 'false',
        },
      });
    }
    const [consumerId] = functionByEntry(synth, 'functions/handlers/streams/start-workflow.ts');
    const mappings = resourcesOfType(stateless, 'AWS::Lambda::EventSourceMapping').filter(
      ([, mapping]) => mapping.Properties.FunctionName.Ref === consumerId,
    );
    expect(mappings).toHaveLength(1);
    streamFilters = (mappings[0] as Json)[1].Properties.FilterCriteria.Filters.map((filter: Json) =>
      JSON.parse(filter.Pattern),
    );
  }, 180_000);

  afterAll(async () => {
    await aws?.close();
    await client?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
    client?.destroy();
    synth?.cleanup();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('gives each function what its template sets: the table, the sender, the e-mail identity, the workflow', () => {
    expect([...deployed.keys()].sort()).toEqual([...INVOKED].sort());
    expect(deployed.get('DispatchAudience')?.env).toMatchObject({
      DEPARTMENT,
      TABLE_NAME: tableName,
      SMS_SENDER_ID: 'PREF74',
      EMAIL_FROM: 'Préfecture de la Haute-Savoie <alerte@prefecture.example.org>',
      SES_CONFIGURATION_SET: 'module7-74',
    });
    expect(deployed.get('StartWorkflow')?.env).toMatchObject({
      STATE_MACHINE_ARN: stateMachineArn,
      ESCALATION_SECONDS: '600',
    });
    expect(deployed.get('StartWorkflow')?.env).not.toHaveProperty('TABLE_NAME');
    expect(streamArn).toMatch(/^arn:aws:dynamodb:/);
  });

  it('imports each audience’s list through the import route (admin)', async () => {
    for (const [audience, lines] of Object.entries(DIRECTORY)) {
      const csv = Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
      const { status, body } = await call(
        'importDirectory',
        apiEvent('import-directory', (event) => {
          event.queryStringParameters = { audience, dryRun: 'false' };
          event.rawQueryString = `audience=${audience}&dryRun=false`;
          event.headers['content-length'] = String(csv.length);
          event.body = csv.toString('base64');
          event.isBase64Encoded = true;
        }),
      );
      expect({ audience, status }).toEqual({ audience, status: 200 });
      expect(body).toMatchObject({ applied: true, summary: { created: lines.length - 1, rejected: 0 } });
    }
  }, 60_000);

  it('stores the activation, and its insert on the table stream starts one execution named after it', async () => {
    const { status, body } = await call(
      'startActivation',
      apiEvent('start-activation', (event) => {
        event.headers['idempotency-key'] = randomUUID();
        event.body = JSON.stringify({
          mode: 'exercise',
          eventType: 'flood',
          title: 'Crue du Fier',
          synergiRef: 'SYN-2026-0042',
          decidedAt: T0,
          area: { communes: ['74010', '74281'] },
          message: { sms: SMS, email: { subject: SUBJECT, body: 'Les berges du Fier sont fermées.' } },
        });
      }),
    );
    expect(status).toBe(202);
    activationId = body['id'];
    expect(aws.requests).toEqual([]);

    // No DynamoDB Streams client is installed (@aws-sdk/client-dynamodb-streams): the record the stream would
    // carry is built from the item read back, its new image as stored (StreamViewType NEW_IMAGE).
    const key = keys.activation(activationId);
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: key.pk }, sk: { S: key.sk } },
        ConsistentRead: true,
      }),
    );
    const newImage = Item as Record<string, AttributeValue>;
    const record = {
      eventID: randomUUID().replace(/-/g, ''),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: TEST_REGION,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1_000),
        Keys: { pk: newImage['pk'], sk: newImage['sk'] },
        NewImage: newImage,
        SequenceNumber: '100000000000000000001',
        SizeBytes: JSON.stringify(newImage).length,
        StreamViewType: 'NEW_IMAGE',
      },
      eventSourceARN: streamArn,
    } as DynamoDBRecord;
    // The event source mapping passes the record: it matches the template's filter.
    expect(streamFilters.some((pattern) => matchesPattern(pattern, record))).toBe(true);

    const startWorkflow = catalog.find((spec) => spec.id === 'StartWorkflow') as FunctionSpec;
    const started = await invoke(startWorkflow, { Records: [record] } satisfies DynamoDBStreamEvent);
    expect(started).toMatchObject({ result: { batchItemFailures: [] } });

    const executions = aws.executions();
    expect(executions).toHaveLength(1);
    expect(aws.requests[0]).toMatchObject({
      service: 'states',
      region: TEST_REGION,
      accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID,
      headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution' },
    });
    const [execution] = executions;
    expect(execution).toMatchObject({ stateMachineArn, name: activationId });
    executionInput = JSON.parse(execution?.input ?? '{}');
    expect(executionInput).toMatchObject({
      activationId,
      acceptedAt: expect.any(String),
      warnAt: new Date(Date.parse(T0) + 45 * 60_000).toISOString(),
      deadline: new Date(Date.parse(T0) + 60 * 60_000).toISOString(),
      audiences: ['officials', 'press', 'publicLine'],
    });
  }, 60_000);

  it('runs the tasks in the order of the definition: everyone concerned gets one SMS and one e-mail', async () => {
    // From StartAt through its Choices: an activation's input (no `kind`) takes the first hour's path; a CIP
    // order's or a message's would not.
    const firstStateOf = (input: Json) => {
      let name = definition.StartAt as string;
      while (stateNamed(name).Type === 'Choice') {
        const choice = stateNamed(name);
        name = (choice.Choices as Json[]).find((rule) => holds(rule, input))?.Next ?? choice.Default;
      }
      return name;
    };
    expect(executionInput).not.toHaveProperty('kind');
    const first = firstStateOf(executionInput);
    expect(first).toBe('RecordActivation');
    expect(firstStateOf({ ...executionInput, kind: 'cip' })).not.toBe(first);
    expect(firstStateOf({ ...executionInput, kind: 'message' })).not.toBe(first);
    // Every Task up to SettleCommitments has `ResultPath: null`: each state's input is the execution's.
    expect((await runTask(first, executionInput)).error).toBeUndefined();
    // FirstHour: the timer branch waits (WaitUntilWarning, T0 + 45 min) while InformAudiences runs.
    const map = stateNamed('InformAudiences');
    const items = readPath(map.ItemsPath, executionInput, {}) as string[];
    const dispatched = await Promise.all(
      items.map((item, index) =>
        informAudience(
          selected(map.ItemSelector, executionInput, { Map: { Item: { Index: index, Value: item } } }),
        ),
      ),
    );
    expect(dispatched.map(({ result, error }) => error ?? result)).toEqual([
      { audience: 'officials', recipients: 4, sms: 4, emails: 4, failed: 0 },
      { audience: 'press', recipients: 2, sms: 2, emails: 2, failed: 0 },
      { audience: 'publicLine', recipients: 2, sms: 2, emails: 2, failed: 0 },
    ]);

    const sms = aws.sms();
    expect(sms.map((message) => message.phoneNumber).sort()).toEqual(INFORMED.map(([phone]) => phone).sort());
    for (const message of sms) {
      expect(message).toMatchObject({
        message: `${BANNER}\n${SMS}\n${BANNER}`,
        attributes: { 'AWS.SNS.SMS.SMSType': 'Transactional', 'AWS.SNS.SMS.SenderID': 'PREF74' },
      });
    }
    const emails = aws.emails();
    expect(emails.map((email) => email.Destination.ToAddresses).sort()).toEqual(
      INFORMED.map(([, address]) => [address]).sort(),
    );
    for (const email of emails) {
      expect(email).toMatchObject({
        FromEmailAddress: expect.stringMatching(
          /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <alerte@prefecture\.example\.org>$/,
        ),
        Content: { Simple: { Subject: { Data: `${BANNER} - ${SUBJECT}`, Charset: 'UTF-8' } } },
        ConfigurationSetName: 'module7-74',
        EmailTags: expect.arrayContaining([{ Name: 'activation', Value: activationId }]),
      });
    }
    // The French subject as written, its bytes UTF-8 on the wire (neither escaped nor transcoded).
    const subject = Buffer.from(JSON.stringify(`${BANNER} - ${SUBJECT}`), 'utf8');
    for (const request of aws.requests.filter(({ operation }) => operation === 'SendEmail')) {
      expect(request.body.includes(subject)).toBe(true);
    }
    // Nothing else left: every request signed for eu-west-3 with the environment's credentials.
    expect(aws.requests).toHaveLength(1 + INFORMED.length * 2);
    for (const request of aws.requests) {
      expect(request).toMatchObject({ region: TEST_REGION, accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID });
    }
  }, 60_000);

  it('sends nothing more when an audience is planned and sent again: the ledger holds every send', async () => {
    const sent = aws.requests.length;
    const map = stateNamed('InformAudiences');
    const again = await informAudience(
      selected(map.ItemSelector, executionInput, { Map: { Item: { Index: 0, Value: 'officials' } } }),
    );
    expect(again).toMatchObject({ result: { audience: 'officials', recipients: 4, sms: 4, emails: 4 } });
    expect(aws.requests).toHaveLength(sent);
  }, 60_000);

  it('passes the checkpoint, records the verdicts and settles the first hour', async () => {
    const sent = aws.requests.length;
    // WaitUntilWarning skipped: CheckInforming finds every audience informed and warns nobody.
    expect(await runTask('CheckInforming', executionInput)).toMatchObject({
      result: { pendingAudiences: [] },
    });
    // WaitUntilDeadline skipped: the evaluation runs before T0 + 60 min, every dispatch already completed.
    const evaluated = await runTask('EvaluateCommitments', executionInput);
    expect(evaluated.result).toMatchObject({ missed: 0 });
    expect(evaluated.emf).toEqual([expect.objectContaining({ CommitmentMissed: 0 })]);
    // After FirstHour, which puts its branches' outputs under `$.firstHour` (each ends with its input here).
    const branches = stateNamed('FirstHour').Branches as Json[];
    const settleInput = { ...executionInput, firstHour: branches.map(() => executionInput) };
    const settled = await runTask('SettleCommitments', settleInput);
    expect(settled.result).toMatchObject({ complete: true, lateEvaluation: false, unsettledAudiences: [] });
    // Its ResultSelector keeps `complete` under `$.settlement`, which IsFirstHourComplete reads.
    const settlement = selected(stateNamed('SettleCommitments').ResultSelector, settled.result);
    const [choice] = stateNamed('IsFirstHourComplete').Choices as Json[];
    expect(readPath(choice.Variable, { ...settleInput, settlement }, {})).toBe(choice.BooleanEquals);
    expect(stateNamed(choice.Next).Type).toBe('Succeed');
    expect(aws.requests).toHaveLength(sent);
  }, 60_000);

  it('shows the hour through the read routes: one dispatch per audience, verdicts met, settled', async () => {
    const timeline = await read('getTimeline', '/activations/{id}/timeline', activationId);
    expect(timeline.status).toBe(200);
    const events = timeline.body['events'] as Json[];
    expect(events.map((event) => [event.type, event.audience])).toEqual([
      ['cod.activated', undefined],
      ['dispatch.completed', expect.any(String)],
      ['dispatch.completed', expect.any(String)],
      ['dispatch.completed', expect.any(String)],
      ['checkpoint.passed', undefined],
      ['commitments.evaluated', undefined],
    ]);
    expect(events[0].at).toBe(new Date(T0).toISOString());
    const completed = events.filter((event) => event.type === 'dispatch.completed');
    expect(completed.map((event) => event.audience).sort()).toEqual(['officials', 'press', 'publicLine']);
    expect(completed.find((event) => event.audience === 'officials')?.details).toMatchObject({
      recipients: 4,
      sms: 4,
      emails: 4,
      encoding: 'UCS-2',
      smsParts: 2,
      coverage: { expected: 2, reached: 2, unreached: [] },
    });

    const { status, body } = await read('getActivation', '/activations/{id}', activationId);
    expect(status).toBe(200);
    expect(body['activation']).toMatchObject({ id: activationId, settledAt: expect.any(String) });
    const deadline = executionInput.deadline as string;
    // M7-2, informing each audience within the hour: what this deployment is proven to do here.
    const informed = (body['verdicts'] as Json[]).filter((verdict) => verdict.commitment === 'M7-2');
    expect(informed).toEqual(
      ['officials', 'press', 'publicLine'].map((audience) => ({
        commitment: 'M7-2',
        audience,
        dueAt: deadline,
        metAt: completed.find((event) => event.audience === audience)?.at,
        status: 'met',
        marginSeconds: expect.any(Number),
        ...(audience === 'officials' ? { coverage: { expected: 2, reached: 2, unreached: [] } } : {}),
      })),
    );
    for (const verdict of informed) {
      expect(verdict.marginSeconds).toBe(
        Math.round((Date.parse(deadline) - Date.parse(verdict.metAt)) / 1_000),
      );
      expect(verdict.marginSeconds).toBeGreaterThan(50 * 60);
    }
  }, 60_000);
});
