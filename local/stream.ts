/**
 * The local table stream. dynalite has none, so the runtime watches its own writes: a conditional PutItem
 * that inserts an activation, a CIP order or a follow-up message becomes an INSERT record with its new
 * image (the same items the event source mapping's filter lets through on AWS), and the record is handed to
 * the same `StartWorkflow` consumer that the table's stream invokes on AWS, as a one-record stream event.
 * Like the stream, it retries a record the consumer reports as failed, with backoff, before giving up.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  AttributeValue,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import {
  ACTIVATION_SORT_KEY,
  CIP_ORDER_SORT_KEY,
  MESSAGE_SORT_PREFIX,
  TABLE_SCHEMA,
} from '#adapters/dynamodb-keys';
import { lambdaContext } from './lambda-context.ts';

export type StreamConsumer = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

type AttributeMap = Record<string, AttributeValue>;

/** Delivery attempts of one record before it is given up (the stream on AWS retries 10 times). */
const ATTEMPTS = 6;

export const localTableStream = (
  client: Pick<DynamoDBClient, 'middlewareStack'>,
  options: { log: (line: string) => void },
) => {
  let consumer: StreamConsumer | undefined;
  let closed = false;
  const deliveries = new Set<Promise<void>>();
  let sequence = 0;

  const deliver = async (record: DynamoDBRecord) => {
    for (let attempt = 1; attempt <= ATTEMPTS && !closed; attempt++) {
      const answer = await consumer?.({ Records: [record] }, lambdaContext('StartWorkflow')).catch(
        () => undefined,
      );
      if (answer && answer.batchItemFailures.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt).unref());
    }
    if (!closed)
      options.log(
        `Le workflow de ${String(record.dynamodb?.Keys?.['pk']?.S)} (${String(record.dynamodb?.Keys?.['sk']?.S)}) n'a pas démarré.`,
      );
  };

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as { Item?: AttributeMap; ConditionExpression?: string };
      const item = input.Item;
      const sortKey = item?.[TABLE_SCHEMA.sortKey]?.S ?? '';
      const inserted =
        context.commandName === 'PutItemCommand' &&
        (sortKey === ACTIVATION_SORT_KEY ||
          sortKey === CIP_ORDER_SORT_KEY ||
          sortKey.startsWith(MESSAGE_SORT_PREFIX)) &&
        input.ConditionExpression?.includes(`attribute_not_exists(${TABLE_SCHEMA.partitionKey})`);
      if (inserted && consumer && !closed && item) {
        const pk = TABLE_SCHEMA.partitionKey;
        const sk = TABLE_SCHEMA.sortKey;
        const record: DynamoDBRecord = {
          eventID: String(++sequence),
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: {
            Keys: { [pk]: item[pk] as AttributeValue, [sk]: item[sk] as AttributeValue },
            NewImage: item,
            StreamViewType: 'NEW_IMAGE',
            SequenceNumber: String(sequence),
          },
        };
        const delivery = deliver(record);
        deliveries.add(delivery);
        delivery.finally(() => deliveries.delete(delivery));
      }
      return result;
    },
    { step: 'build', name: 'localTableStream' },
  );

  return {
    /** The consumer the records go to: the StartWorkflow handler. */
    subscribe(handler: StreamConsumer) {
      consumer = handler;
    },
    /** No record is delivered any more; waits for the deliveries in progress. */
    async close() {
      closed = true;
      await Promise.allSettled([...deliveries]);
    },
  };
};
