/**
 * StartWorkflow — invoked by the domain table's stream for every new activation item (the event source
 * mapping filters inserts of `sk = ACTIVATION`); starts its execution under the activation's name. A record
 * that fails is reported alone (Powertools batch), so the stream retries it until it succeeds or reaches the
 * failure queue; a start repeated by a retry starts nothing new.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { SFNClient } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { sfnWorkflowEngine } from '#adapters/sfn-workflow-engine';
import type { Activation } from '#domain/activation';
import type { Ports } from '#domain/ports';
import { readConfig, required } from '#shared/config';
import { ENV } from '#shared/contract';
import { once } from '#shared/once';
import { logger } from '#shared/powertools';
import { startWorkflow } from '#use-cases/start-workflow';

type StreamImage = Parameters<typeof unmarshall>[0];

/** The activation a record inserts, or undefined for any other item or change. */
export const insertedActivation = (record: DynamoDBRecord): Activation | undefined => {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return undefined;
  const item = unmarshall(image as StreamImage);
  return item['sk'] === 'ACTIVATION' ? (item as unknown as Activation) : undefined;
};

export const createStartWorkflowHandler = (
  deps: () => Pick<Ports, 'engine'>,
  settings: () => { escalationSeconds?: number } = () => ({}),
) => {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const startInserted = async (record: DynamoDBRecord) => {
    const activation = insertedActivation(record);
    if (activation) await startWorkflow(activation, deps(), settings());
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
