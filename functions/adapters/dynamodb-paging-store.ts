/**
 * PagingStore on DynamoDB. A page is one item under its activation (written once, conditionally), and its
 * code one item under the code (what a link reads and marks used). The two writes are not a transaction
 * (dynalite, the local store, has none): the page is written first, and a replayed step that finds it
 * writes its code item again, so a crash between them loses nothing.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#domain/paging';
import type { PagingStore } from '#domain/ports';
import { isConditionFailure, keys, type TableContext, withoutKeys } from './dynamodb-table.ts';

const ignoreConditionFailure = (error: unknown) => {
  if (!isConditionFailure(error)) throw error;
};

export const dynamodbPagingStore = (table: TableContext): PagingStore => {
  const get = async (key: Record<string, string>) =>
    (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true })))
      .Item;
  return {
    async open(page) {
      const pageKey = keys.page(page.activationId, page.cell, page.step, page.contactId);
      const created = await table.client
        .send(
          new PutCommand({
            TableName: table.tableName,
            Item: { ...pageKey, ...page },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            ignoreConditionFailure(error);
            return false;
          },
        );
      const stored = created ? page : withoutKeys<Page>((await get(pageKey)) ?? {});
      await table.client
        .send(
          new PutCommand({
            TableName: table.tableName,
            Item: { ...keys.ackCode(stored.code), ...stored },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        )
        .catch(ignoreConditionFailure);
      return stored;
    },

    async byCode(code) {
      const item = await get(keys.ackCode(code));
      return item ? withoutKeys<Page>(item) : undefined;
    },

    async acknowledge(code, at) {
      return table.client
        .send(
          new UpdateCommand({
            TableName: table.tableName,
            Key: keys.ackCode(code),
            UpdateExpression: 'SET acknowledgedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acknowledgedAt)',
            ExpressionAttributeValues: { ':at': at },
          }),
        )
        .then(
          () => true,
          (error: unknown) => {
            ignoreConditionFailure(error);
            return false;
          },
        );
    },

    async waitFor(activationId, cell, taskToken) {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...keys.cellWait(activationId, cell), taskToken },
        }),
      );
    },

    async waitingToken(activationId, cell) {
      const item = await get(keys.cellWait(activationId, cell));
      return typeof item?.['taskToken'] === 'string' ? item['taskToken'] : undefined;
    },
  };
};
