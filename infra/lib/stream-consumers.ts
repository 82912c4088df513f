/**
 * The consumers of the domain table's stream: each function of the catalogue of kind `stream` is invoked with
 * the inserts of the items it declares, and gets the failure queue of the batches it gives up on
 * (`Module7Function.consumeTableStream`).
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import type { SortKeyMatch, StreamFunctionSpec } from './function-catalog.ts';
import type { CatalogFunction } from './module7-function.ts';

/**
 * The stream records a consumer is invoked with: the inserts of the items whose sort key is one of `sortKeys`
 * or begins with one of their prefixes, nothing else. One filter, whose value list Lambda reads as "any of".
 */
export const insertsOf = (sortKeys: readonly SortKeyMatch[]) =>
  lambda.FilterCriteria.filter({
    eventName: lambda.FilterRule.isEqual('INSERT'),
    dynamodb: {
      NewImage: {
        [TABLE_SCHEMA.sortKey]: {
          S: sortKeys.flatMap((key) =>
            typeof key === 'string'
              ? lambda.FilterRule.isEqual(key)
              : lambda.FilterRule.beginsWith(key.prefix),
          ),
        },
      },
    },
  });

/** A stream consumer with the queue that receives the batches it gives up on. */
export interface StreamConsumer extends CatalogFunction<StreamFunctionSpec> {
  failures: sqs.IQueue;
}

export interface StreamConsumersProps {
  /** The table whose stream (new images) the consumers read. */
  table: dynamodb.ITable;
  functions: readonly CatalogFunction<StreamFunctionSpec>[];
}

/**
 * Connects each consumer to the table's stream. It creates nothing of its own: the event source mappings and
 * the failure queues belong to the consumers' functions.
 */
export class StreamConsumers {
  readonly consumers: readonly StreamConsumer[];

  constructor({ table, functions }: StreamConsumersProps) {
    this.consumers = functions.map(({ spec, fn }) => ({
      spec,
      fn,
      failures: fn.consumeTableStream(table, [insertsOf(spec.insertedSortKeys)]),
    }));
  }
}
