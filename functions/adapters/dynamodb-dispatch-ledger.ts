/** DispatchLedger on DynamoDB: one item per message sent, claimed with a conditional write. */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DispatchLedger } from '#domain/ports';
import { isConditionFailure, keys, type TableContext } from './dynamodb-table.ts';

export const dynamodbDispatchLedger = (table: TableContext): DispatchLedger => ({
  async claim(activationId, messageKey) {
    try {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.send(activationId, messageKey), status: 'claimed' },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  async complete(activationId, messageKey, result) {
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.send(activationId, messageKey),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :sentAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': result.messageId,
          ':sentAt': result.sentAt,
        },
      }),
    );
  },

  async release(activationId, messageKey) {
    await table.client
      .send(
        new DeleteCommand({
          TableName: table.tableName,
          Key: keys.send(activationId, messageKey),
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  },
});
