/** Lambda test doubles: a context with the methods middy and Powertools call, and fixture events cloned. */
import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import type { ApiEvent } from '#shared/http/edge';

export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'module7-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:111122223333:function:module7-test',
  memoryLimitInMB: '256',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/module7-test',
  logStreamName: '2026/03/10/[$LATEST]abc',
  getRemainingTimeInMillis: () => 10_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
});

/** A fresh copy of a fixture under tests/events/, to change without touching the file's other users. */
export const apiEvent = (name: string, change: (event: ApiEvent) => void = () => {}): ApiEvent => {
  const event = structuredClone(
    JSON.parse(readFileSync(new URL(`../events/${name}.json`, import.meta.url), 'utf8')) as ApiEvent,
  );
  change(event);
  return event;
};

export const bodyOf = (result: unknown) =>
  JSON.parse((result as { body: string }).body) as Record<string, unknown>;
