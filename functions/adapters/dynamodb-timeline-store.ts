/** TimelineStore on DynamoDB: append-only items under the activation, written only if absent. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TimelineStore } from '#domain/ports';
import { eventKey, type TimelineEvent } from '#domain/timeline';
import { isConditionFailure, keys, queryAll, type TableContext, withoutKeys } from './dynamodb-table.ts';

export const dynamodbTimelineStore = (table: TableContext): TimelineStore => ({
  async append(event) {
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.event(event.activationId, eventKey(event)), ...event },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async list(activationId) {
    const items = await queryAll(table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.activation(activationId).pk, ':prefix': 'EVENT#' },
      ConsistentRead: true,
    });
    return items.map((item) => withoutKeys<TimelineEvent>(item));
  },
});
