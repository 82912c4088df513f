/**
 * The house function construct: every Lambda function of Module 7 is built the same way, and gets an
 * environment variable only together with the permission that makes it usable.
 */
import { AssetHashType, Aws, Duration, Validations } from 'aws-cdk-lib';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import { ENV } from '#shared/contract';
import { projectRoot } from '../bundle.ts';
import { esbuildBundling } from './esbuild-bundling.ts';
import type { FunctionSpec } from './function-catalog.ts';

/** The DynamoDB operations the adapters use to read (GetItem, Query); nothing that scans the table. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/** The DynamoDB operations the adapters use to write. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * How a stream consumer reads the table's stream: from the oldest record kept (nothing is skipped when the
 * mapping is created or re-enabled), in batches of 10; a failed batch is split to isolate the failing record,
 * and the records the function reports as failed (`batchItemFailures`) are retried, 10 times at most and for
 * an hour at most (past that, an activation's first hour is over anyway). Then the batch's description goes
 * to the failure queue.
 */
export const STREAM_CONSUMPTION = {
  batchSize: 10,
  retryAttempts: 10,
  maxRecordAge: Duration.hours(1),
  /** The failure queue keeps a message for the longest SQS allows. */
  failureRetention: Duration.days(14),
} as const;

/**
 * Every SNS ARN (topics, platform endpoints), in any region and account. A publish to a phone number is
 * authorised against the number (`+33…`), not an ARN: a Deny on this pattern leaves direct SMS alone.
 */
export const SNS_ARN_PATTERN = `arn:${Aws.PARTITION}:sns:*:*:*`;

/** Why the role's X-Ray statement has Resource "*" (acknowledged on every function's role). */
const XRAY_WILDCARD_REASON =
  'X-Ray tracing (Tracing.ACTIVE) adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support ' +
  'no resource-level permission: AWS requires Resource "*" for them.';

export interface Module7FunctionProps {
  /** Handler file relative to the project root; it exports `handler`. */
  entry: string;
  /** INSEE code of the department: the bundle keeps its geography only, and the function reads it. */
  department: string;
  description: string;
  timeout: Duration;
  /** @default 1024 — CPU grows with memory: a cold start during a crisis should be short. */
  memorySize?: number;
  /** @default logs.RetentionDays.ONE_YEAR */
  logRetention?: logs.RetentionDays;
}

/** A function of the catalogue (`function-catalog.ts`) and the construct deployed for it. */
export interface CatalogFunction<Spec extends FunctionSpec = FunctionSpec> {
  spec: Spec;
  fn: Module7Function;
}

/**
 * A Node.js 22 function on ARM64, bundled by the local esbuild into one minified ES module with the AWS SDK
 * inside, with its own role (no managed policy), its own log group with a retention, and X-Ray tracing.
 * Environment variables that name a resource are set by the `use*` methods only, each with its grant: the
 * Lambda function and its role stay private, and callers get its ARN, its metrics and its HTTP integration.
 */
export class Module7Function extends Construct {
  /** The unqualified ARN (what the state machine invokes). */
  readonly functionArn: string;
  readonly logGroup: logs.ILogGroup;
  private readonly function: lambda.Function;
  private readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: Module7FunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Lambda role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new lambda.Function(this, 'Function', {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(projectRoot, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: esbuildBundling(props.entry, props.department),
      }),
      timeout: props.timeout,
      memorySize: props.memorySize ?? 1024,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: { [ENV.department]: props.department },
    });
    this.functionArn = this.function.functionArn;
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: XRAY_WILDCARD_REASON,
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: it is the Node.js line the code and its tests run on (Node 20/22 ' +
        'locally); moving to a newer runtime is a tested change, not a silent one.',
    });
  }

  /** Invocations that ended in error or timed out. */
  metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors(props);
  }

  /** Invocations Lambda refused for lack of concurrency. */
  metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles(props);
  }

  /** For a stream consumer: how long the last record of each batch it was given had waited, in milliseconds. */
  metricIteratorAge(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metric('IteratorAge', props);
  }

  /** The function as the target of HTTP API routes; adding a route grants API Gateway invoking it. */
  httpIntegration(id: string): HttpLambdaIntegration {
    return new HttpLambdaIntegration(id, this.function);
  }

  /** Sets `ENV.ackBaseUrl` to the API's URL, which the function writes in links: no permission is needed. */
  useApiLinks(apiEndpoint: string): void {
    this.function.addEnvironment(ENV.ackBaseUrl, apiEndpoint);
  }

  /**
   * Sets `ENV.escalationSeconds`, the seconds a page waits before the next person on call is paged, which the
   * function puts in the executions it starts: a setting, no permission.
   */
  useEscalation(escalationSeconds: number): this {
    this.function.addEnvironment(ENV.escalationSeconds, String(escalationSeconds));
    return this;
  }

  /** Sets `ENV.exercisesPerYear` and `ENV.exerciseMaxMonths`, M7-3's policy: settings, no permission. */
  useExercisePolicy(policy: { exercisesPerYear: number; exerciseMaxMonths: number }): this {
    this.function.addEnvironment(ENV.exercisesPerYear, String(policy.exercisesPerYear));
    this.function.addEnvironment(ENV.exerciseMaxMonths, String(policy.exerciseMaxMonths));
    return this;
  }

  /**
   * Sets `ENV.crisisNumber`, `ENV.cipTargetSeconds` and `ENV.cipQuorum`, which the function records in the
   * prefect's order of the CIP: settings, no permission.
   */
  /**
   * Sets `ENV.dispatchBatchSize` (the largest dispatch batch) and `ENV.smsPartsPerSecond` to the account's whole
   * rate, which the plan shares among the audiences sent at once.
   */
  useDispatchPlanning(batchSize: number, partsPerSecond: number): this {
    this.function.addEnvironment(ENV.dispatchBatchSize, String(batchSize));
    this.function.addEnvironment(ENV.smsPartsPerSecond, String(partsPerSecond));
    return this;
  }

  useCipSettings(cip: { crisisNumber: string; cipTargetSeconds: number; cipQuorum: number }): this {
    this.function.addEnvironment(ENV.crisisNumber, cip.crisisNumber);
    this.function.addEnvironment(ENV.cipTargetSeconds, String(cip.cipTargetSeconds));
    this.function.addEnvironment(ENV.cipQuorum, String(cip.cipQuorum));
    return this;
  }

  /** Sets `ENV.table`; grants reads (table and its index) and, for `readWrite`, writes on the table. */
  useTable(table: dynamodb.ITable, access: 'read' | 'readWrite'): this {
    this.function.addEnvironment(ENV.table, table.tableName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: TABLE_READ_ACTIONS,
        resources: [table.tableArn, `${table.tableArn}/index/${TABLE_SCHEMA.byDateIndex.name}`],
      }),
    );
    if (access === 'readWrite') {
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: TABLE_WRITE_ACTIONS, resources: [table.tableArn] }),
      );
    }
    return this;
  }

  /** Sets `ENV.stateMachine`; grants starting executions of that state machine only. */
  useStateMachine(stateMachine: sfn.IStateMachine): this {
    this.function.addEnvironment(ENV.stateMachine, stateMachine.stateMachineArn);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    return this;
  }

  /**
   * Grants answering the state machine's callback tasks with success (an acknowledgement ends a page's wait),
   * and nothing else: no failure, no heartbeat, no environment variable (the token names the task).
   */
  useTaskAnswers(stateMachine: sfn.IStateMachine): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    return this;
  }

  /**
   * Grants failing the state machine's callback tasks (the end of the alert stops the pages still waiting),
   * and nothing else: no success, no heartbeat, no environment variable (the token names the task).
   */
  useTaskFailures(stateMachine: sfn.IStateMachine): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:SendTaskFailure'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    return this;
  }

  /**
   * Invokes the function with the records of the table's stream that match `filters` (see
   * `STREAM_CONSUMPTION`); returns the encrypted, TLS-only queue that receives the description of each
   * batch it gives up on. The event source grants reading the stream; no environment variable: the records
   * carry the items.
   */
  consumeTableStream(table: dynamodb.ITable, filters: Record<string, unknown>[]): sqs.Queue {
    const queue = new sqs.Queue(this, 'StreamFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: STREAM_CONSUMPTION.failureRetention,
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the stream event source mapping: it receives the ' +
        'descriptions of the batches the function gave up on, is read by an operator (infra/README.md), and ' +
        'has an alarm on visible messages. A dead-letter queue of its own would have nothing to catch.',
    });
    this.function.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_CONSUMPTION.batchSize,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: STREAM_CONSUMPTION.retryAttempts,
        maxRecordAge: STREAM_CONSUMPTION.maxRecordAge,
        filters,
        onFailure: new SqsDlq(queue),
      }),
    );
    // The same finding as X-Ray's on this role, with one more action: the later reason is the one reported.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        `${XRAY_WILDCARD_REASON} The stream event source adds dynamodb:ListStreams, which likewise only ` +
        'accepts Resource "*"; reading the records (DescribeStream, GetShardIterator, GetRecords) is granted ' +
        'on the table stream only.',
    });
    return queue;
  }

  /**
   * Sets `ENV.senderId` and grants sending SMS straight to phone numbers. That has no resource ARN: it is a
   * separate policy, acknowledged on its own. The same policy denies publishing to any topic (or other SNS
   * ARN), so that the `*` reaches phone numbers only: IAM authorises a publish to a phone number against the
   * number itself (`… not authorized to perform: SNS:Publish on resource: +33…`), never against an ARN.
   */
  /**
   * Sets `ENV.senderId` and `ENV.smsPartsPerSecond` (this function's share of the account's rate); grants
   * sending SMS to phone numbers, never to a topic.
   */
  useSms(senderId: string, partsPerSecond: number): this {
    this.function.addEnvironment(ENV.senderId, senderId);
    this.function.addEnvironment(ENV.smsPartsPerSecond, String(partsPerSecond));
    const sms = new iam.Policy(this, 'SmsPolicy', {
      roles: [this.role],
      statements: [
        new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }),
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['sns:Publish'],
          resources: [SNS_ARN_PATTERN],
        }),
      ],
    });
    Validations.of(sms).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SMS are published straight to phone numbers (Publish with PhoneNumber), which have no ARN: IAM only ' +
        'accepts Resource "*" for it. The statement allows sns:Publish and nothing else.',
    });
    return this;
  }

  /**
   * Sets `ENV.emailFrom` and `ENV.sesConfigurationSet`; grants `ses:SendEmail` and nothing else, from that
   * identity and with that configuration set only (SES authorises a send against both ARNs).
   */
  useEmail(email: {
    identityArn: string;
    configurationSetName: string;
    configurationSetArn: string;
    from: string;
  }): this {
    this.function.addEnvironment(ENV.emailFrom, email.from);
    this.function.addEnvironment(ENV.sesConfigurationSet, email.configurationSetName);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [email.identityArn, email.configurationSetArn],
      }),
    );
    return this;
  }
}
