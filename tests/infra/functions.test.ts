/**
 * The functions of the synth.stateless stack, built from the catalogue (`infra/lib/function-catalog.ts`) by the
 * house construct (`infra/lib/module7-function.ts`): how each is built, its environment and its permissions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { AUDIENCES_AT_ONCE, smsShare } from '#domain/delivery';
import { DEMO_CRISIS_NUMBER, ENV, SENDER_MAILBOX } from '#shared/contract';
import { routes } from '#shared/routes';
import { projectRoot } from '../../infra/bundle.ts';
import {
  ASL_FILE,
  aslPlaceholders,
  functionCatalog,
  streamFunctions,
  taskFunctions,
} from '../../infra/lib/function-catalog.ts';
import { TABLE_READ_ACTIONS, TABLE_WRITE_ACTIONS } from '../../infra/lib/module7-function.ts';
import {
  allStatementsOfRole,
  asArray,
  functionByEntry,
  iamPatternMatches,
  type Json,
  logicalId,
  referencedResources,
  resourcesOfType,
  statementsOfRole,
} from './cfn.ts';
import { useSynthesized } from './synth.ts';

const asl = readFileSync(ASL_FILE, 'utf8');
const apiRoutes = Object.values(routes).filter((route) => !('localOnly' in route && route.localOnly));

/** `Get` → `dynamodb:GetItem`, `BatchWrite` → `dynamodb:BatchWriteItem`, `Query` → `dynamodb:Query`. */
const dynamodbAction = (command: string) => {
  if (command === 'Query' || command === 'Scan') return `dynamodb:${command}`;
  if (command.startsWith('Transact')) return `dynamodb:${command}Items`;
  return `dynamodb:${command}Item`;
};

/** What `inAccount` writes for a value imported from another stack. */
const IMPORTED = '<imported>';

/** An ARN of the template as CloudFormation resolves it in account 111122223333 of eu-west-3. */
const inAccount = (value: Json): string => {
  if (typeof value === 'string') return value;
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': 'eu-west-3',
    'AWS::AccountId': '111122223333',
  };
  const [separator, parts] = value['Fn::Join'] as [string, Json[]];
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      return part['Fn::ImportValue'] ? IMPORTED : (pseudo[part.Ref] ?? '?');
    })
    .join(separator);
};

describe('the functions of the default department (Haute-Savoie)', () => {
  const synth = useSynthesized();

  /** The application's functions (CDK's own providers live in the web stack). */
  const functions = () => resourcesOfType(synth.stateless, 'AWS::Lambda::Function');

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
          Environment: { Variables: expect.objectContaining({ [ENV.department]: '74' }) },
        });
        const logGroup = synth.stateless.Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
        expect(logGroup.Properties.RetentionInDays, id).toBe(365);
        const role = synth.stateless.Resources[fn.Properties.Role['Fn::GetAtt'][0]];
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
          statementsOfRole(synth.stateless, roleId).flatMap((statement) => [
            ...referencedResources(statement.Resource, stack, synth.json),
          ]),
        );
        // What its event source mappings read (the table's stream) and write to (the failure queue) is
        // granted for Lambda's poller, not named in the environment.
        for (const [, mapping] of resourcesOfType(synth.stateless, 'AWS::Lambda::EventSourceMapping')) {
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
          // The API's URL, written in the pages' links for people to open: nothing the function calls.
          if (name === ENV.ackBaseUrl) continue;
          for (const resource of referencedResources(value, stack, synth.json)) {
            expect(granted, `${id}: ${name} names ${resource}`).toContain(resource);
            named.add(resource);
          }
        }
        // The sender's address names the SES identity it is sent from: the identity of its domain.
        const senderDomain = SENDER_MAILBOX.exec(fn.Properties.Environment.Variables[ENV.emailFrom] ?? '')
          ?.groups?.['domain'];
        for (const resource of granted) {
          const [owner = '', logical = ''] = resource.split('/');
          const target = synth.json[owner]?.Resources[logical];
          if (
            target?.Type === 'AWS::SES::EmailIdentity' &&
            target.Properties.EmailIdentity === senderDomain
          ) {
            named.add(resource);
          }
        }
        // A task token names the task it answers: the state machine an acknowledgement may answer (or the end of
        // the alert may fail) is granted, not named.
        for (const statement of statementsOfRole(synth.stateless, roleId)) {
          if (!['states:SendTaskSuccess', 'states:SendTaskFailure'].includes(statement.Action)) continue;
          for (const resource of referencedResources(statement.Resource, stack, synth.json))
            named.add(resource);
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
        Object.keys(functionByEntry(synth, entry)[1].Properties.Environment.Variables).sort();
      expect(variables('functions/handlers/http/start-activation.ts')).toEqual(
        [ENV.department, ENV.table].sort(),
      );
      expect(variables('functions/handlers/streams/start-workflow.ts')).toEqual(
        [ENV.department, ENV.stateMachine, ENV.escalationSeconds].sort(),
      );
      // The CIP's settings go to the function that records the prefect's order, and to no other.
      expect(variables('functions/handlers/http/order-cip.ts')).toEqual(
        [ENV.department, ENV.table, ENV.crisisNumber, ENV.cipTargetSeconds, ENV.cipQuorum].sort(),
      );
      expect(variables('functions/handlers/http/get-openapi.ts')).toEqual([ENV.department]);
      expect(variables('functions/handlers/tasks/dispatch-audience.ts')).toEqual(
        [
          ENV.department,
          ENV.senderId,
          ENV.smsPartsPerSecond,
          ENV.table,
          ENV.emailFrom,
          ENV.sesConfigurationSet,
        ].sort(),
      );
      // The cabinet's warning is an SMS: no e-mail sender.
      expect(variables('functions/handlers/tasks/check-informing.ts')).toEqual(
        [ENV.department, ENV.senderId, ENV.smsPartsPerSecond, ENV.table].sort(),
      );
      // M7-3's policy goes to the yearly review only.
      expect(variables('functions/handlers/http/get-commitments-report.ts')).toEqual(
        [ENV.department, ENV.table, ENV.exercisesPerYear, ENV.exerciseMaxMonths].sort(),
      );
      for (const entry of [
        'http/list-activations',
        'http/post-message',
        'http/close-activation',
        'tasks/record-activation',
        'tasks/evaluate-commitments',
        'tasks/announce-crisis-number',
        'tasks/judge-cip',
      ]) {
        expect(variables(`functions/handlers/${entry}.ts`)).toEqual([ENV.department, ENV.table].sort());
      }
    });

    it('gives the default settings: the demo numéro unique, an hour to the CIP, a quorum of two, 10 min to escalate', () => {
      const [, orderCip] = functionByEntry(synth, 'functions/handlers/http/order-cip.ts');
      expect(orderCip.Properties.Environment.Variables).toMatchObject({
        [ENV.crisisNumber]: DEMO_CRISIS_NUMBER,
        [ENV.cipTargetSeconds]: '3600',
        [ENV.cipQuorum]: '2',
      });
      const [, startWorkflow] = functionByEntry(synth, 'functions/handlers/streams/start-workflow.ts');
      expect(startWorkflow.Properties.Environment.Variables[ENV.escalationSeconds]).toBe('600');
    });

    it('sends SMS with the sender ID of the context', () => {
      const [, fn] = functionByEntry(synth, 'functions/handlers/tasks/dispatch-audience.ts');
      expect(fn.Properties.Environment.Variables[ENV.senderId]).toBe('PREF74');
    });

    it('gives each function that sends SMS its share of the account’s rate: the informing Map sends three at once', () => {
      const asl = JSON.parse(readFileSync(join(projectRoot, 'workflows/module7.asl.json'), 'utf8'));
      expect(asl.States.FirstHour.Branches[1].States.InformAudiences.MaxConcurrency).toBe(AUDIENCES_AT_ONCE);
      const [, fn] = functionByEntry(synth, 'functions/handlers/tasks/dispatch-audience.ts');
      // 10 parts a second by default, shared by three: 3.3 each, never more than the account's rate together.
      expect(fn.Properties.Environment.Variables[ENV.smsPartsPerSecond]).toBe('3.3');
      expect(smsShare(1)).toBe(0.3);
      expect(smsShare(0.1)).toBe(0.1);
      // But the plan shares the account's whole rate among the audiences, and caps their batches.
      const [, plan] = functionByEntry(synth, 'functions/handlers/tasks/plan-dispatch.ts');
      expect(plan.Properties.Environment.Variables).toMatchObject({
        [ENV.smsPartsPerSecond]: '10',
        [ENV.dispatchBatchSize]: '1000',
      });
      const [, report] = functionByEntry(synth, 'functions/handlers/http/get-commitments-report.ts');
      expect(report.Properties.Environment.Variables).toMatchObject({
        [ENV.exercisesPerYear]: '2',
        [ENV.exerciseMaxMonths]: '9',
      });
    });

    it('sends e-mail from the prefecture’s address, with the configuration set whose events are kept', () => {
      const [, fn] = functionByEntry(synth, 'functions/handlers/tasks/dispatch-audience.ts');
      expect(fn.Properties.Environment.Variables).toMatchObject({
        [ENV.emailFrom]: 'Préfecture de la Haute-Savoie <alerte@prefecture.example.org>',
        [ENV.sesConfigurationSet]: synth.deployment.stateful.email.configurationSetName,
      });
      synth.templates.stateful.hasResourceProperties('AWS::SES::ConfigurationSet', {
        Name: fn.Properties.Environment.Variables[ENV.sesConfigurationSet],
      });
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
        const [, fn] = functionByEntry(synth, entry);
        return statementsOfRole(synth.stateless, fn.Properties.Role['Fn::GetAtt'][0])
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

    it('lets StartWorkflow alone start executions, the acknowledgements alone answer a wait and the end of the alert alone fail one, of this state machine only', () => {
      const machineId = logicalId(synth.deployment.stateless.stateMachine);
      const starters = new Map<string, Json[]>();
      for (const spec of functionCatalog()) {
        const [, fn] = functionByEntry(synth, spec.entry);
        const statements = statementsOfRole(synth.stateless, fn.Properties.Role['Fn::GetAtt'][0]).filter(
          (statement) => asArray<string>(statement.Action).some((action) => action.startsWith('states:')),
        );
        if (statements.length > 0) starters.set(spec.id, statements);
      }
      expect([...starters.keys()].sort()).toEqual([
        'AcknowledgeCell',
        'CloseActivation',
        'ConfirmAck',
        'StartWorkflow',
      ]);
      expect(starters.get('StartWorkflow')).toEqual([
        { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: machineId } },
      ]);
      // Only the two acknowledgements may answer a page's wait, with success only.
      for (const id of ['AcknowledgeCell', 'ConfirmAck']) {
        expect(starters.get(id)).toEqual([
          { Action: 'states:SendTaskSuccess', Effect: 'Allow', Resource: { Ref: machineId } },
        ]);
      }
      // Only the end of the alert may stop a page's wait, with a failure only: it can never acknowledge.
      expect(starters.get('CloseActivation')).toEqual([
        { Action: 'states:SendTaskFailure', Effect: 'Allow', Resource: { Ref: machineId } },
      ]);
      const allowed = (id: string) =>
        (starters.get(id) ?? []).flatMap((statement) => asArray(statement.Action));
      for (const id of starters.keys()) {
        expect(
          ['states:SendTaskSuccess', 'states:SendTaskFailure'].every((action) =>
            allowed(id).includes(action),
          ),
          id,
        ).toBe(false);
      }
      const [, fn] = functionByEntry(synth, 'functions/handlers/streams/start-workflow.ts');
      expect(fn.Properties.Environment.Variables[ENV.stateMachine]).toEqual({ Ref: machineId });
    });
  });

  describe('IAM', () => {
    it('lets only DispatchAudience and PageCell send e-mail: ses:SendEmail alone, from the identity and with the configuration set', () => {
      const senders = functions().filter(([, fn]) =>
        allStatementsOfRole(synth.stateless, fn.Properties.Role['Fn::GetAtt'][0]).some((statement) =>
          asArray<string>(statement.Action).some((action) => action.startsWith('ses:')),
        ),
      );
      const [dispatchId, dispatch] = functionByEntry(synth, 'functions/handlers/tasks/dispatch-audience.ts');
      const [pageId] = functionByEntry(synth, 'functions/handlers/tasks/page-cell.ts');
      expect(senders.map(([id]) => id).sort()).toEqual([dispatchId, pageId].sort());
      const grants = allStatementsOfRole(synth.stateless, dispatch.Properties.Role['Fn::GetAtt'][0]).filter(
        (statement) => asArray<string>(statement.Action).some((action) => action.startsWith('ses:')),
      );
      expect(grants).toHaveLength(1);
      expect(grants[0]).toMatchObject({ Effect: 'Allow', Action: 'ses:SendEmail' });
      const stateful = synth.deployment.stateful;
      const identity = `${stateful.stackName}/${logicalId(stateful.email.identity)}`;
      const resources = asArray<Json>(grants[0].Resource);
      expect(resources).toHaveLength(2);
      // The identity, by a reference to it (CloudFormation keeps it while the grant exists), and the set.
      const [identityArn] = resources.filter((resource) =>
        referencedResources(resource, synth.deployment.stateless.stackName, synth.json).has(identity),
      );
      expect(inAccount(identityArn)).toBe(`arn:aws:ses:eu-west-3:111122223333:identity/${IMPORTED}`);
      expect(resources.filter((resource) => resource !== identityArn).map(inAccount)).toEqual([
        'arn:aws:ses:eu-west-3:111122223333:configuration-set/module7-74',
      ]);
    });

    it('lets only the four messaging functions send SMS', () => {
      const smsPolicies = resourcesOfType(synth.stateless, 'AWS::IAM::Policy').filter(([, policy]) =>
        asArray<Json>(policy.Properties.PolicyDocument.Statement).some(
          (statement) => statement.Action === 'sns:Publish' && statement.Resource === '*',
        ),
      );
      const roles = smsPolicies.flatMap(([, policy]) =>
        policy.Properties.Roles.map((role: Json) => role.Ref),
      );
      const messengers = [
        'tasks/dispatch-audience',
        'tasks/check-informing',
        'tasks/page-cell',
        'tasks/alert-cell-unanswered',
      ].map(
        (entry) =>
          functionByEntry(synth, `functions/handlers/${entry}.ts`)[1].Properties.Role['Fn::GetAtt'][0],
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

    it('denies every SMS sender every topic, and leaves them phone numbers', () => {
      const smsSenders = functionCatalog().filter((spec) => spec.sendsSms);
      expect(smsSenders.map((spec) => spec.id).sort()).toEqual([
        'AlertCellUnanswered',
        'CheckInforming',
        'DispatchAudience',
        'PageCell',
      ]);
      for (const spec of smsSenders) {
        const [, fn] = functionByEntry(synth, spec.entry);
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
        const denies = allStatementsOfRole(synth.stateless, roleId).filter(
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
      }
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
