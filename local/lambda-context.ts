/** The context a local invocation of a Lambda handler gets, shaped as Lambda gives it. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

export const lambdaContext = (name: string, timeoutMs = 29_000): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: `local-${name}`,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-3:000000000000:function:local-${name}`,
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/local/${name}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => timeoutMs,
  done: () => {},
  fail: () => {},
  succeed: () => {},
});
