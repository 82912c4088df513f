/**
 * What can be deleted and redeployed at will: the functions, the HTTP API, the workflow, the consumers of the
 * table's stream and the alarms. The data it works on lives in the stateful stack.
 */
import { readFileSync } from 'node:fs';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#adapters/dynamodb-table';
import type { Audience } from '#domain/activation';
import {
  ASL_FILE,
  type FunctionSpec,
  functionCatalog,
  type RouteFunctionSpec,
  type StreamFunctionSpec,
  type TaskFunctionSpec,
} from './function-catalog.ts';
import { Module7Function } from './module7-function.ts';
import type { DeploymentSettings } from './settings.ts';

export interface StatelessStackProps extends StackProps {
  settings: DeploymentSettings;
  table: dynamodb.ITable;
  topics: Record<Audience, sns.ITopic>;
  userPool: cognito.IUserPool;
  userPoolClient: cognito.IUserPoolClient;
}

/** Namespace, metric and dimension the evaluation emits through Powertools (`functions/shared/powertools.ts`). */
export const COMMITMENT_MISSED_METRIC = {
  namespace: 'Module7',
  metricName: 'CommitmentMissed',
  dimensionsMap: { service: 'module7' },
};

/**
 * What RecordDispatchFailure emits, once per audience that could not be informed (again if its Task is
 * retried). No audience dimension: one metric, one alarm; the audience and activation are in the metric's
 * log line (EMF metadata) and on the timeline (`dispatch.failed`).
 */
export const DISPATCH_FAILED_METRIC = {
  namespace: 'Module7',
  metricName: 'DispatchFailed',
  dimensionsMap: { service: 'module7' },
};

/** A stream consumer's alarm fires when the oldest record it was given had waited longer than this. */
export const STREAM_ITERATOR_AGE_ALARM_SECONDS = 60;

/** The stream records a consumer is invoked with: the inserts of the items with that sort key, nothing else. */
export const insertsOf = (sortKey: string) =>
  lambda.FilterCriteria.filter({
    eventName: lambda.FilterRule.isEqual('INSERT'),
    dynamodb: { NewImage: { [TABLE_SCHEMA.sortKey]: { S: lambda.FilterRule.isEqual(sortKey) } } },
  });

/** The spend alarm fires at this share of the monthly SMS budget, before SNS stops sending. */
export const SMS_SPEND_ALARM_RATIO = 0.8;

/** One JSON line per request: who (the token's subject, never a name), what, and how it ended. */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    route: '$context.routeKey',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    sub: '$context.authorizer.claims.sub',
    authorizerError: '$context.authorizer.error',
    integrationError: '$context.integrationErrorMessage',
  }),
);

interface Built<Spec extends FunctionSpec> {
  spec: Spec;
  fn: Module7Function;
}

/** A stream consumer with the queue that receives the batches it gives up on. */
interface Consumer extends Built<StreamFunctionSpec> {
  failures: sqs.IQueue;
}

const describe = (spec: FunctionSpec) => {
  switch (spec.kind) {
    case 'route':
      return `Module 7 API ${spec.spec.method} ${spec.spec.path}`;
    case 'task':
      return `Module 7 workflow task ${spec.id}`;
    case 'stream':
      return `Module 7 table stream consumer ${spec.id} (inserts of ${spec.insertedSortKey} items)`;
  }
};

/** The function an alarm is about, as the on-call team reads it: `GetActivation (Module 7 API GET /…)`. */
const which = (spec: FunctionSpec) =>
  spec.kind === 'route' ? `${spec.id} (${describe(spec)})` : describe(spec);

/** What a failed or throttled invocation means, by kind of function (said in its alarms). */
const FAILURE_CONSEQUENCE: Record<FunctionSpec['kind'], string> = {
  route: 'Dashboard requests to that route failed.',
  task:
    'The state machine retries the Task, then takes its Catch: see the execution history of the activations ' +
    'running at that time.',
  stream: 'The table stream retries the records; past its limits they go to the failure queue.',
};

export class StatelessStack extends Stack {
  readonly functions: ReadonlyMap<string, Module7Function>;
  readonly api: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  readonly stateMachine: sfn.StateMachine;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const catalog = functionCatalog();

    const built = catalog.map((spec) => {
      const fn = new Module7Function(this, spec.id, {
        entry: spec.entry,
        department: settings.department,
        description: describe(spec),
        timeout: Duration.seconds(spec.timeoutSeconds),
      });
      if (spec.table !== 'none') fn.useTable(props.table, spec.table);
      if (spec.sendsSms) fn.useSms(settings.senderId, { smsOnly: !spec.publishesEmail });
      if (spec.publishesEmail) fn.useEmailTopics(props.topics);
      return { spec, fn };
    });
    this.functions = new Map(built.map(({ spec, fn }) => [spec.id, fn]));

    this.stateMachine = this.workflow(
      built.filter((task): task is Built<TaskFunctionSpec> => task.spec.kind === 'task'),
    );
    for (const { spec, fn } of built) if (spec.startsWorkflow) fn.useStateMachine(this.stateMachine);

    [this.api, this.apiStage] = this.httpApi(
      props,
      built.filter((route): route is Built<RouteFunctionSpec> => route.spec.kind === 'route'),
    );
    const consumers: Consumer[] = built
      .filter((consumer): consumer is Built<StreamFunctionSpec> => consumer.spec.kind === 'stream')
      .map(({ spec, fn }) => ({
        spec,
        fn,
        failures: fn.consumeTableStream(props.table, [insertsOf(spec.insertedSortKey)]),
      }));
    this.alarmTopic = this.alarms(settings, built, consumers);

    new CfnOutput(this, 'ApiEndpoint', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    for (const { spec, failures } of consumers) {
      new CfnOutput(this, `${spec.id}FailureQueueUrl`, { value: failures.queueUrl });
    }
  }

  /** The state machine from the same ASL file the local runtime runs, its placeholders bound to our tasks. */
  private workflow(tasks: Built<TaskFunctionSpec>[]) {
    const logGroup = new logs.LogGroup(this, 'WorkflowLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const machine = new sfn.StateMachine(this, 'Workflow', {
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(ASL_FILE, 'utf8')),
      definitionSubstitutions: Object.fromEntries(
        tasks.map(({ spec, fn }) => [spec.placeholder, fn.function.functionArn]),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    // The ASL invokes the functions by their unqualified ARN: no version or alias wildcard is needed.
    machine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: tasks.map(({ fn }) => fn.function.functionArn),
      }),
    );
    Validations.of(machine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Added by CDK for logging ALL and X-Ray tracing: logs:CreateLogDelivery, GetLogDelivery, ' +
        'UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, ' +
        'DescribeLogGroups and xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, ' +
        'GetSamplingTargets support no resource-level permission (AWS requires Resource "*").',
    });
    return machine;
  }

  /** The HTTP API, one route per entry of the route table, every route behind the Cognito JWT authorizer. */
  private httpApi(
    props: StatelessStackProps,
    routes: Built<RouteFunctionSpec>[],
  ): [apigwv2.HttpApi, apigwv2.HttpStage] {
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [props.userPoolClient],
    });
    const api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `module7-${props.settings.department}`,
      description: `Module 7 — préfecture ${props.settings.department}`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      // Tens of staff use the dashboard: far above their need, far below what would cost money in an attack.
      throttle: { rateLimit: 20, burstLimit: 50 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    for (const { spec, fn } of routes) {
      api.addRoutes({
        path: spec.spec.path,
        methods: [apigwv2.HttpMethod[spec.spec.method]],
        integration: new HttpLambdaIntegration(`${spec.id}Integration`, fn.function),
        authorizer,
      });
    }
    return [api, stage];
  }

  /** Alarms to an encrypted topic that e-mails the technical on-call team. */
  private alarms(settings: DeploymentSettings, functions: Built<FunctionSpec>[], consumers: Consumer[]) {
    // CloudWatch cannot publish to a topic under the AWS managed SNS key: this key lets it.
    const key = new kms.Key(this, 'AlarmKey', {
      description: `Module 7 ${settings.department}: encrypts alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Module 7 ${settings.department} — alarmes`,
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    const action = new SnsAction(topic);

    const period = Duration.minutes(5);
    /** Every alarm: fires at 1 or more in one period unless told otherwise, quiet without data, e-mails. */
    const alarm = (
      id: string,
      props: Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric'> &
        Partial<Pick<cloudwatch.AlarmProps, 'threshold' | 'comparisonOperator'>>,
    ) => {
      new cloudwatch.Alarm(this, id, {
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        ...props,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    };
    alarm('WorkflowFailedAlarm', {
      alarmDescription: 'An activation workflow failed or timed out: see its execution history.',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
        },
        period,
      }),
    });
    alarm('CommitmentMissedAlarm', {
      alarmDescription:
        'A commitment of the first hour was missed (T0 + 60 min): see the activation verdicts.',
      metric: new cloudwatch.Metric({ ...COMMITMENT_MISSED_METRIC, statistic: 'Sum', period }),
    });
    alarm('DispatchFailedAlarm', {
      alarmDescription:
        'An audience could not be informed (DispatchAudience failed after its retries); the workflow goes on. ' +
        'Which activation and audience: its timeline (dispatch.failed, with the error), or the metric line in ' +
        'the RecordDispatchFailure log group (activationId, audience). Inform that audience by other means.',
      metric: new cloudwatch.Metric({
        ...DISPATCH_FAILED_METRIC,
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
    });
    alarm('SmsSpendAlarm', {
      alarmDescription:
        `SMS spend this month passed ${SMS_SPEND_ALARM_RATIO * 100} % of the ${settings.smsMonthlyBudgetUsd} USD ` +
        'budget: at the account limit SNS stops sending SMS. Raise the limit (AWS Support) before it does.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period,
      }),
      threshold: settings.smsMonthlyBudgetUsd * SMS_SPEND_ALARM_RATIO,
    });
    alarm('ApiServerErrorsAlarm', {
      alarmDescription:
        'The HTTP API answered 5xx: a route function failed or timed out, or API Gateway could not reach it. ' +
        "The access log (route, status, integrationError) and the route functions' alarms say which.",
      // An HTTP API's metric is `5xx` (a REST API's would be `5XXError`), by ApiId and Stage.
      metric: this.apiStage.metricServerError({ period, statistic: 'Sum' }),
    });
    for (const { spec, fn } of functions) {
      alarm(`${spec.id}ErrorsAlarm`, {
        alarmDescription:
          `${which(spec)} ended invocations in error or timed out: see its log group. ` +
          FAILURE_CONSEQUENCE[spec.kind],
        metric: fn.function.metricErrors({ period, statistic: 'Sum' }),
      });
      alarm(`${spec.id}ThrottlesAlarm`, {
        alarmDescription:
          `${which(spec)} was throttled: Lambda refused invocations for lack of concurrency ` +
          '(the account and region share one limit, and no function reserves any). ' +
          FAILURE_CONSEQUENCE[spec.kind],
        metric: fn.function.metricThrottles({ period, statistic: 'Sum' }),
      });
    }
    for (const { spec, fn, failures } of consumers) {
      alarm(`${spec.id}FailuresAlarm`, {
        alarmDescription:
          `${spec.id} gave up on table stream records (retries or record age exhausted): each message of its ` +
          'failure queue describes a batch of new items that was not processed. For StartWorkflow, activations ' +
          'whose workflow did not start: re-drive them as infra/README.md says.',
        metric: failures.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      });
      alarm(`${spec.id}IteratorAgeAlarm`, {
        alarmDescription:
          `${spec.id} is behind on the table stream (a record waited over ${STREAM_ITERATOR_AGE_ALARM_SECONDS} s): ` +
          'its invocations fail or are throttled. For StartWorkflow, new activations wait for their workflow.',
        metric: fn.function.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: STREAM_ITERATOR_AGE_ALARM_SECONDS * 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    return topic;
  }
}
