/**
 * The composition root of the Lambda functions: configuration and AWS clients, built once per execution
 * environment. Each getter builds its part on first use, so a handler module can also be imported by the
 * local runtime and the tests without AWS configuration; in Lambda, the first use is the cold start.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import type { TableContext } from '#adapters/dynamodb-table';
import { dynamodbTimelineStore } from '#adapters/dynamodb-timeline-store';
import { sfnWorkflowEngine } from '#adapters/sfn-workflow-engine';
import { snsMessenger } from '#adapters/sns-messenger';
import type { ActivationClock, Clock } from '#domain/ports';
import { readConfig, required } from '#shared/config';
import { loadDepartment } from '#shared/department';
import { tracer } from '#shared/powertools';
import type { MessagingDeps } from '#use-cases/workflow-deps';

const once = <T>(build: () => T): (() => T) => {
  let value: { built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
};

export const systemClock: Clock = { now: () => new Date() };
/** On AWS every activation runs on real time. */
export const realActivationClock: ActivationClock = () => systemClock;

const config = once(() => readConfig());

const table = once(
  (): TableContext => ({
    client: DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: config().TABLE_NAME,
  }),
);

const messenger = once(() =>
  snsMessenger({
    client: tracer.captureAWSv3Client(new SNSClient({})),
    senderId: config().SMS_SENDER_ID,
    topics: {
      officials: required(config().TOPIC_OFFICIALS_ARN, 'TOPIC_OFFICIALS_ARN'),
      press: required(config().TOPIC_PRESS_ARN, 'TOPIC_PRESS_ARN'),
      publicLine: required(config().TOPIC_PUBLIC_LINE_ARN, 'TOPIC_PUBLIC_LINE_ARN'),
    },
  }),
);

export const awsRoot = {
  config,
  department: once(() => loadDepartment(config().DEPARTMENT)),
  store: once(() => dynamodbActivationStore(table())),
  timeline: once(() => dynamodbTimelineStore(table())),
  directory: once(() => dynamodbDirectoryStore(table())),
  ledger: once(() => dynamodbDispatchLedger(table())),
  engine: once(() =>
    sfnWorkflowEngine({
      client: tracer.captureAWSv3Client(new SFNClient({})),
      stateMachineArn: required(config().STATE_MACHINE_ARN, 'STATE_MACHINE_ARN'),
    }),
  ),
  /** What the tasks that send messages need, on real time. */
  messaging: once(
    (): MessagingDeps => ({
      store: awsRoot.store(),
      timeline: awsRoot.timeline(),
      directory: awsRoot.directory(),
      ledger: awsRoot.ledger(),
      messenger: messenger(),
      clock: systemClock,
    }),
  ),
};
