/**
 * ActivationStore on DynamoDB: one item per activation, listed by T0 through the `byDate` index; its CIP order
 * and its follow-up messages are items of its partition (each insert starts an execution, through the stream).
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Activation } from '#domain/activation';
import type { CipOrder, FollowUp } from '#domain/follow-ups';
import type { ActivationQuery, ActivationStore } from '#domain/ports';
import { MESSAGE_SORT_PREFIX } from './dynamodb-keys.ts';
import {
  ACTIVATIONS_PARTITION,
  decodeCursor,
  encodeCursor,
  isConditionFailure,
  keys,
  queryAll,
  TABLE_SCHEMA,
  type TableContext,
  withoutKeys,
} from './dynamodb-table.ts';

export const dynamodbActivationStore = (table: TableContext): ActivationStore => {
  const get = async (id: string) => {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.activation(id), ConsistentRead: true }),
    );
    return Item ? withoutKeys<Activation>(Item) : undefined;
  };

  /** Sets `attribute` to `at` once (a replay keeps the first instant), with other fields, on an existing item. */
  const stamp = async (
    id: string,
    attribute: 'evaluatedAt' | 'settledAt',
    at: string,
    also: Record<string, string> = {},
  ) => {
    const names = Object.fromEntries(Object.keys(also).map((name) => [`#${name}`, name]));
    const values = Object.fromEntries(Object.entries(also).map(([name, value]) => [`:${name}`, value]));
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.activation(id),
        UpdateExpression: [
          'SET #stamp = if_not_exists(#stamp, :at)',
          ...Object.keys(also).map((name) => `#${name} = :${name}`),
        ].join(', '),
        ExpressionAttributeNames: { '#stamp': attribute, ...names },
        ExpressionAttributeValues: { ':at': at, ...values },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  };

  const read = async <T>(key: Record<string, string>) => {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? withoutKeys<T>(Item) : undefined;
  };

  /** Puts an item unless its key exists; answers the item stored either way. */
  const putOnce = async <T extends object>(key: Record<string, string>, item: T) => {
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...key, ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, stored: item };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = await read<T>(key);
      if (!existing) throw error;
      return { created: false, stored: existing };
    }
  };

  return {
    get,

    async create(activation) {
      try {
        await table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: {
              ...keys.activation(activation.id),
              ...keys.byDate(activation.decidedAt, activation.id),
              ...activation,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return { created: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await get(activation.id);
        if (!existing) throw error;
        return { created: false, existing };
      }
    },

    async list(query: ActivationQuery) {
      const { partitionKey, sortKey, name } = TABLE_SCHEMA.byDateIndex;
      const values: Record<string, unknown> = { ':pk': ACTIVATIONS_PARTITION };
      let keyCondition = `${partitionKey} = :pk`;
      if (query.decidedFrom !== undefined || query.decidedBefore !== undefined) {
        // The sort key is `T0#id`: `T0#` sorts before every id of that T0, and an instant alone before all.
        keyCondition += ` AND ${sortKey} BETWEEN :from AND :to`;
        values[':from'] = query.decidedFrom ?? '0';
        values[':to'] = query.decidedBefore ?? '9';
      }
      const filter = query.mode
        ? { FilterExpression: '#mode = :mode', ExpressionAttributeNames: { '#mode': 'mode' } }
        : {};
      if (query.mode) values[':mode'] = query.mode;
      const startKey = decodeCursor(query.cursor, ['pk', 'sk', 'gsi1pk', 'gsi1sk'], {
        from: values[':from'],
        to: values[':to'],
      });
      // A filter applies after the page is read: keep reading until the page is full or the index ends.
      const items: Activation[] = [];
      let lastKey = startKey;
      do {
        const page = await table.client.send(
          new QueryCommand({
            TableName: table.tableName,
            IndexName: name,
            KeyConditionExpression: keyCondition,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            Limit: query.limit - items.length,
            ...filter,
            ...(lastKey ? { ExclusiveStartKey: lastKey } : {}),
          }),
        );
        items.push(...(page.Items ?? []).map((item) => withoutKeys<Activation>(item)));
        lastKey = page.LastEvaluatedKey;
      } while (lastKey && items.length < query.limit);
      const cursor = encodeCursor(lastKey);
      return cursor ? { items, cursor } : { items };
    },

    async markEvaluated(id, at) {
      await stamp(id, 'evaluatedAt', at);
      // A closed activation stays closed: its evaluation at T0 + 60 min does not reopen it.
      await table.client
        .send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: keys.activation(id),
            UpdateExpression: 'SET #status = :evaluated',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':evaluated': 'evaluated' },
          }),
        )
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    },

    async markClosed(id, at, by) {
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.activation(id),
          UpdateExpression:
            'SET closedAt = if_not_exists(closedAt, :at), closedBy = if_not_exists(closedBy, :by), #status = :closed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':at': at, ':by': by, ':closed': 'closed' },
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    },

    async orderCip(order) {
      const { created, stored } = await putOnce(keys.cipOrder(order.activationId), order);
      return { created, order: stored };
    },

    getCipOrder: (activationId) => read<CipOrder>(keys.cipOrder(activationId)),

    async postMessage(message) {
      const { created, stored } = await putOnce(keys.message(message.activationId, message.id), message);
      return { created, message: stored };
    },

    getMessage: (activationId, messageId) => read<FollowUp>(keys.message(activationId, messageId)),

    async listMessages(activationId) {
      const items = await queryAll(table, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.activation(activationId).pk,
          ':prefix': MESSAGE_SORT_PREFIX,
        },
      });
      return items
        .map((item) => withoutKeys<FollowUp>(item))
        .sort((a, b) => a.postedAt.localeCompare(b.postedAt) || a.id.localeCompare(b.id));
    },

    markSettled: (id, at) => stamp(id, 'settledAt', at),

    async listInFlight(since) {
      const { partitionKey, sortKey, name } = TABLE_SCHEMA.byDateIndex;
      const items = await queryAll(table, {
        IndexName: name,
        KeyConditionExpression: `${partitionKey} = :pk AND ${sortKey} >= :since`,
        FilterExpression: 'attribute_not_exists(settledAt)',
        ExpressionAttributeValues: { ':pk': ACTIVATIONS_PARTITION, ':since': since },
      });
      return items.map((item) => withoutKeys<Activation>(item));
    },
  };
};
