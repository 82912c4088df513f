/**
 * What can be deleted and redeployed at will: the functions, the HTTP API, the workflow, the consumers of the
 * table's stream and the alarms. The data it works on lives in the stateful stack.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { smsShare } from '#domain/delivery';
import { Alarms } from './alarms.ts';
import { describeFunction, type FunctionSpec, functionCatalog } from './function-catalog.ts';
import { HttpApi } from './http-api.ts';
import { type CatalogFunction, Module7Function } from './module7-function.ts';
import type { DeploymentSettings } from './settings.ts';
import { StreamConsumers } from './stream-consumers.ts';
import { Workflow } from './workflow.ts';

export interface StatelessStackProps extends StackProps {
  settings: DeploymentSettings;
  table: dynamodb.ITable;
  /** What the e-mails are sent from and with: the SES identity, the configuration set, the sender. */
  email: { identityArn: string; configurationSetName: string; configurationSetArn: string; from: string };
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
}

/** Narrows the built functions to one kind of the catalogue: `built.filter(ofKind('task'))`. */

const ofKind =
  <Kind extends FunctionSpec['kind']>(kind: Kind) =>
  (built: CatalogFunction): built is CatalogFunction<Extract<FunctionSpec, { kind: Kind }>> =>
    built.spec.kind === kind;

/**
 * One house function per entry of the catalogue, then its parts: `Workflow`, `HttpApi`, `StreamConsumers` and
 * `Alarms`. The parts add their resources to this stack under the ids they had when it was one class, not
 * under a construct of their own: a construct's id is part of its resources' logical IDs, and a new logical
 * ID replaces the resource on deploy (a new state machine stops the running executions, a new API changes the
 * dashboard's origin, a new alarm topic loses the confirmed e-mail subscription).
 */
export class StatelessStack extends Stack {
  readonly functions: ReadonlyMap<string, Module7Function>;
  readonly api: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  /** The id of the API's Cognito JWT authorizer: the Web stack adds the dashboard's client to its audience. */
  readonly apiAuthorizerId: string;
  readonly stateMachine: sfn.StateMachine;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;

    const built = functionCatalog().map((spec): CatalogFunction => {
      const fn = new Module7Function(this, spec.id, {
        entry: spec.entry,
        department: settings.department,
        description: describeFunction(spec),
        timeout: Duration.seconds(spec.timeoutSeconds),
      });
      if (spec.table !== 'none') fn.useTable(props.table, spec.table);
      // The informing Map sends three audiences at once: each function gets its share of the account's rate.
      if (spec.sendsSms) fn.useSms(settings.senderId, smsShare(settings.smsPartsPerSecond));
      if (spec.sendsEmail) fn.useEmail(props.email);
      if (spec.setsEscalation) fn.useEscalation(settings.escalationSeconds);
      if (spec.ordersCip) fn.useCipSettings(settings);
      if (spec.plansDispatch) fn.useDispatchPlanning(settings.dispatchBatchSize, settings.smsPartsPerSecond);
      if (spec.judgesExercises) fn.useExercisePolicy(settings);
      return { spec, fn };
    });
    this.functions = new Map(built.map(({ spec, fn }) => [spec.id, fn]));

    const workflow = new Workflow(this, { tasks: built.filter(ofKind('task')) });
    this.stateMachine = workflow.stateMachine;
    for (const { spec, fn } of built) {
      if (spec.startsWorkflow) fn.useStateMachine(this.stateMachine);
      if (spec.answersTasks) fn.useTaskAnswers(this.stateMachine);
      if (spec.failsTasks) fn.useTaskFailures(this.stateMachine);
    }

    const httpApi = new HttpApi(this, {
      department: settings.department,
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      routes: built.filter(ofKind('route')),
    });
    this.api = httpApi.api;
    this.apiStage = httpApi.stage;
    this.apiAuthorizerId = httpApi.authorizer.authorizerId;
    for (const { spec, fn } of built) {
      if (spec.linksToApi) fn.useApiLinks(this.api.apiEndpoint);
    }

    const { consumers } = new StreamConsumers({
      table: props.table,
      functions: built.filter(ofKind('stream')),
    });
    this.alarmTopic = new Alarms(this, {
      settings,
      stateMachine: this.stateMachine,
      apiStage: this.apiStage,
      functions: built,
      consumers,
    }).topic;

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    for (const { spec, failures } of consumers) {
      new CfnOutput(this, `${spec.id}FailureQueueUrl`, { value: failures.queueUrl });
    }
  }
}
