/**
 * The composition root of the Lambda functions: configuration and the domain table, built once per execution
 * environment. Each getter builds its part on first use, so a handler module can also be imported by the
 * local runtime and the tests without AWS configuration; in Lambda, the first use is the cold start. The
 * Step Functions, SNS and SES parts live in their own modules so that only the functions that use them bundle
 * them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import { dynamodbPagingStore } from '#adapters/dynamodb-paging-store';
import type { TableContext } from '#adapters/dynamodb-table';
import { dynamodbTemplateStore } from '#adapters/dynamodb-template-store';
import { dynamodbTimelineStore } from '#adapters/dynamodb-timeline-store';
import type { ActivationClock, Clock } from '#domain/ports';
import { readConfig, required } from '#shared/config';
import { ENV } from '#shared/contract';
import { once } from '#shared/once';
import { loggedTimeline } from '#shared/state-log';

export const systemClock: Clock = { now: () => new Date() };
/** On AWS every activation runs on real time. */
export const realActivationClock: ActivationClock = () => systemClock;

export const config = /* @__PURE__ */ once(() => readConfig());

const table = /* @__PURE__ */ once(
  (): TableContext => ({
    client: DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    }),
    tableName: required(config().tableName, ENV.table),
  }),
);

// Each part is its own export, so that a function bundles the adapters it uses only: a handler reads them
// through `import * as awsRoot`, which esbuild resolves part by part, and `@__PURE__` tells it that building a
// getter runs nothing (it does not carry that across modules from `once` itself).
export const store = /* @__PURE__ */ once(() => dynamodbActivationStore(table()));
export const timeline = /* @__PURE__ */ once(() => loggedTimeline(dynamodbTimelineStore(table())));
export const directory = /* @__PURE__ */ once(() => dynamodbDirectoryStore(table()));
export const ledger = /* @__PURE__ */ once(() => dynamodbDispatchLedger(table()));
export const pages = /* @__PURE__ */ once(() => dynamodbPagingStore(table()));
export const templates = /* @__PURE__ */ once(() => dynamodbTemplateStore(table()));

/** Every part: for the task functions, which use most of them. */
export const awsRoot = { config, store, timeline, directory, ledger, pages, templates };
