/**
 * The house function construct: every Lambda function of Module 7 is built the same way, and gets an
 * environment variable only together with the permission that makes it usable.
 */
import { AssetHashType, type Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '#adapters/dynamodb-table';
import type { Audience } from '#domain/activation';
import { projectRoot } from '../bundle.ts';
import { esbuildBundling } from './esbuild-bundling.ts';

/** The DynamoDB operations the adapters use to read (GetItem, Query); nothing that scans the table. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
/** The DynamoDB operations the adapters use to write. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** The environment variable naming each audience's e-mail topic (`functions/shared/config.ts`). */
export const TOPIC_ENV: Record<Audience, string> = {
  officials: 'TOPIC_OFFICIALS_ARN',
  press: 'TOPIC_PRESS_ARN',
  publicLine: 'TOPIC_PUBLIC_LINE_ARN',
};

export interface Module7FunctionProps {
  /** Handler file relative to the project root; it exports `handler`. */
  entry: string;
  /** INSEE code of the department: the bundle keeps its geography only, and the function reads DEPARTMENT. */
  department: string;
  description: string;
  timeout: Duration;
  /** @default 1024 — CPU grows with memory: a cold start during a crisis should be short. */
  memorySize?: number;
  /** @default logs.RetentionDays.ONE_YEAR */
  logRetention?: logs.RetentionDays;
}

/**
 * A Node.js 22 function on ARM64, bundled by the local esbuild into one minified ES module with the AWS SDK
 * inside, with its own role (no managed policy), its own log group with a retention, and X-Ray tracing.
 * Environment variables that name a resource are set by the `use*` methods only, each with its grant.
 */
export class Module7Function extends Construct {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

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
      environment: { DEPARTMENT: props.department },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (Tracing.ACTIVE) adds xray:PutTraceSegments and xray:PutTelemetryRecords, which support ' +
        'no resource-level permission: AWS requires Resource "*" for them.',
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x on purpose: it is the Node.js line the code and its tests run on (Node 20/22 ' +
        'locally); moving to a newer runtime is a tested change, not a silent one.',
    });
  }

  /** Sets TABLE_NAME; grants reads (table and its index) and, for `readWrite`, writes on the table. */
  useTable(table: dynamodb.ITable, access: 'read' | 'readWrite'): this {
    this.function.addEnvironment('TABLE_NAME', table.tableName);
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

  /** Sets STATE_MACHINE_ARN; grants starting executions of that state machine only. */
  useStateMachine(stateMachine: sfn.IStateMachine): this {
    this.function.addEnvironment('STATE_MACHINE_ARN', stateMachine.stateMachineArn);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    return this;
  }

  /**
   * Sets the three TOPIC_*_ARN and SMS_SENDER_ID; grants publishing to those topics and sending SMS directly
   * to phone numbers. The latter has no resource ARN: it is a separate policy, acknowledged on its own.
   */
  useMessenger(topics: Record<Audience, sns.ITopic>, senderId: string): this {
    for (const [audience, topic] of Object.entries(topics) as [Audience, sns.ITopic][]) {
      this.function.addEnvironment(TOPIC_ENV[audience], topic.topicArn);
    }
    this.function.addEnvironment('SMS_SENDER_ID', senderId);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        resources: Object.values(topics).map((topic) => topic.topicArn),
      }),
    );
    const sms = new iam.Policy(this, 'SmsPolicy', {
      roles: [this.role],
      statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
    });
    Validations.of(sms).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SMS are published straight to phone numbers (Publish with PhoneNumber), which have no ARN: IAM only ' +
        'accepts Resource "*" for it. The statement allows sns:Publish and nothing else.',
    });
    return this;
  }
}
