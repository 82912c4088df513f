/**
 * StartWorkflow — invoked by the domain table's stream for every new activation, CIP order and follow-up
 * message (the event source mapping filters their inserts by sort key); starts the item's execution. A record
 * that fails is reported alone (Powertools batch), so the stream retries it until it succeeds or reaches the
 * failure queue; a start repeated by a retry starts nothing new.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SFNClient } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { ACTIVATION_SORT_KEY, CIP_ORDER_SORT_KEY, MESSAGE_SORT_PREFIX } from '#adapters/dynamodb-keys';
import { sfnWorkflowEngine } from '#adapters/sfn-workflow-engine';
import type { Activation } from '#domain/activation';
import type { CipOrder, FollowUp } from '#domain/follow-ups';
import type { Ports } from '#domain/ports';
import { readConfig, required } from '#shared/config';
import { ENV } from '#shared/contract';
import { once } from '#shared/once';
import { logger } from '#shared/powertools';
import { type Startable, startExecutionOf } from '#use-cases/start-workflow';

type StreamImage = Parameters<typeof unmarshall>[0];

/** The item a record inserts when its insert starts an execution, or undefined for any other item or change. */
export const insertedStartable = (record: DynamoDBRecord): Startable | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const { pk: _pk, sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...item } = unmarshall(image as StreamImage);
  if (sk === ACTIVATION_SORT_KEY) return { kind: 'activation', activation: item as Activation };
  if (sk === CIP_ORDER_SORT_KEY) return { kind: 'cip', order: item as CipOrder };
  if (typeof sk === 'string' && sk.startsWith(MESSAGE_SORT_PREFIX))
    return { kind: 'message', message: item as FollowUp };
  return undefined;
};

export const createStartWorkflowHandler = (
  deps: () => Pick<Ports, 'engine'>,
  settings: () => { escalationSeconds?: number } = () => ({}),
) => {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const startInserted = async (record: DynamoDBRecord) => {
    const item = insertedStartable(record);
    if (item) await startExecutionOf(item, deps(), settings());
  };
  return middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event, context) => processPartialResponse(event, startInserted, processor, { context }));
};

const config = once(() => readConfig());

export const handler = createStartWorkflowHandler(
  once(() => ({
    engine: sfnWorkflowEngine({
      client: new SFNClient({}),
      stateMachineArn: required(config().stateMachineArn, ENV.stateMachine),
    }),
  })),
  () => ({ ...(config().escalationSeconds ? { escalationSeconds: config().escalationSeconds } : {}) }),
);
