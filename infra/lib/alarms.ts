/**
 * Every alarm of the deployment, e-mailed to the technical on-call team through an encrypted topic: the
 * workflow, the metrics the functions emit (`#shared/contract`), the SMS spend, the API, each function, and
 * each consumer of the table's stream.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { METRIC_NAMES, TELEMETRY } from '#shared/contract';
import { describeFunction, type FunctionSpec } from './function-catalog.ts';
import type { CatalogFunction } from './module7-function.ts';
import type { DeploymentSettings } from './settings.ts';
import type { StreamConsumer } from './stream-consumers.ts';

/** Namespace, metric and dimension the evaluation emits through Powertools (`functions/shared/powertools.ts`). */
export const COMMITMENT_MISSED_METRIC = {
  namespace: TELEMETRY.namespace,
  metricName: METRIC_NAMES.commitmentMissed,
  dimensionsMap: { service: TELEMETRY.service },
};

/**
 * What RecordDispatchFailure emits, once per audience that could not be informed (again if its Task is
 * retried). No audience dimension: one metric, one alarm; the audience and activation are in the metric's
 * log line (EMF metadata) and on the timeline (`dispatch.failed`).
 */
export const DISPATCH_FAILED_METRIC = {
  namespace: TELEMETRY.namespace,
  metricName: METRIC_NAMES.dispatchFailed,
  dimensionsMap: { service: TELEMETRY.service },
};

/** A stream consumer's alarm fires when the oldest record it was given had waited longer than this. */
export const STREAM_ITERATOR_AGE_ALARM_SECONDS = 60;

/** The spend alarm fires at this share of the monthly SMS budget, before SNS stops sending. */
export const SMS_SPEND_ALARM_RATIO = 0.8;

/** The function an alarm is about, as the on-call team reads it: `GetActivation (Module 7 API GET /…)`. */
const which = (spec: FunctionSpec) =>
  spec.kind === 'route' ? `${spec.id} (${describeFunction(spec)})` : describeFunction(spec);

/** What a failed or throttled invocation means, by kind of function (said in its alarms). */
const FAILURE_CONSEQUENCE: Record<FunctionSpec['kind'], string> = {
  route: 'Dashboard requests to that route failed.',
  task:
    'The state machine retries the Task, then takes its Catch: see the execution history of the activations ' +
    'running at that time.',
  stream: 'The table stream retries the records; past its limits they go to the failure queue.',
};

/** What an alarm says and watches; it fires at 1 or more in one period unless told otherwise. */
type AlarmSpec = Pick<cloudwatch.AlarmProps, 'alarmDescription' | 'metric'> &
  Partial<Pick<cloudwatch.AlarmProps, 'threshold' | 'comparisonOperator'>>;

export interface AlarmsProps {
  settings: DeploymentSettings;
  stateMachine: sfn.IStateMachine;
  apiStage: apigwv2.IHttpStage;
  /** Every function of the catalogue: an errors alarm and a throttles alarm each. */
  functions: readonly CatalogFunction[];
  /** The table stream's consumers: a failure-queue alarm and an iterator-age alarm each. */
  consumers: readonly StreamConsumer[];
}

/**
 * The alarm topic, the key CloudWatch encrypts its notifications with, its e-mail subscription and every
 * alarm. Like the other parts of the stateless stack, it adds its resources to the scope it is given
 * (`AlarmKey`, `AlarmTopic`, `<Name>Alarm`): see `StatelessStack`.
 */
export class Alarms {
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  private readonly action: SnsAction;

  constructor(
    private readonly scope: Construct,
    props: AlarmsProps,
  ) {
    const { settings } = props;
    // CloudWatch cannot publish to a topic under the AWS managed SNS key: this key lets it.
    this.key = new kms.Key(scope, 'AlarmKey', {
      description: `Module 7 ${settings.department}: encrypts alarm notifications`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(scope, 'AlarmTopic', {
      displayName: `Module 7 ${settings.department} — alarmes`,
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
      }),
    );
    this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    this.action = new SnsAction(this.topic);

    const period = Duration.minutes(5);
    this.alarm('WorkflowFailedAlarm', {
      alarmDescription: 'An activation workflow failed or timed out: see its execution history.',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
        usingMetrics: {
          failed: props.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: props.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
        },
        period,
      }),
    });
    this.alarm('CommitmentMissedAlarm', {
      alarmDescription:
        'A commitment of the first hour was missed (T0 + 60 min): see the activation verdicts.',
      metric: new cloudwatch.Metric({ ...COMMITMENT_MISSED_METRIC, statistic: 'Sum', period }),
    });
    this.alarm('DispatchFailedAlarm', {
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
    this.alarm('SmsSpendAlarm', {
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
    this.alarm('ApiServerErrorsAlarm', {
      alarmDescription:
        'The HTTP API answered 5xx: a route function failed or timed out, or API Gateway could not reach it. ' +
        "The access log (route, status, integrationError) and the route functions' alarms say which.",
      // An HTTP API's metric is `5xx` (a REST API's would be `5XXError`), by ApiId and Stage.
      metric: props.apiStage.metricServerError({ period, statistic: 'Sum' }),
    });
    for (const { spec, fn } of props.functions) {
      this.alarm(`${spec.id}ErrorsAlarm`, {
        alarmDescription:
          `${which(spec)} ended invocations in error or timed out: see its log group. ` +
          FAILURE_CONSEQUENCE[spec.kind],
        metric: fn.metricErrors({ period, statistic: 'Sum' }),
      });
      this.alarm(`${spec.id}ThrottlesAlarm`, {
        alarmDescription:
          `${which(spec)} was throttled: Lambda refused invocations for lack of concurrency ` +
          '(the account and region share one limit, and no function reserves any). ' +
          FAILURE_CONSEQUENCE[spec.kind],
        metric: fn.metricThrottles({ period, statistic: 'Sum' }),
      });
    }
    for (const { spec, fn, failures } of props.consumers) {
      this.alarm(`${spec.id}FailuresAlarm`, {
        alarmDescription:
          `${spec.id} gave up on table stream records (retries or record age exhausted): each message of its ` +
          'failure queue describes a batch of new items that was not processed. For StartWorkflow, activations ' +
          'whose workflow did not start: re-drive them as infra/README.md says.',
        metric: failures.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      });
      this.alarm(`${spec.id}IteratorAgeAlarm`, {
        alarmDescription:
          `${spec.id} is behind on the table stream (a record waited over ${STREAM_ITERATOR_AGE_ALARM_SECONDS} s): ` +
          'its invocations fail or are throttled. For StartWorkflow, new activations wait for their workflow.',
        metric: fn.metricIteratorAge({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: STREAM_ITERATOR_AGE_ALARM_SECONDS * 1000,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
  }

  /** Every alarm: fires at 1 or more in one period unless told otherwise, quiet without data, e-mails. */
  private alarm(id: string, props: AlarmSpec): void {
    new cloudwatch.Alarm(this.scope, id, {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...props,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(this.action);
  }
}
