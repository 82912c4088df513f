/** DirectoryStore on DynamoDB: contacts under one partition per audience. */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Contact, DirectoryAudience } from '#domain/directory';
import type { DirectoryStore } from '#domain/ports';
import { keys, queryAll, type TableContext, withoutKeys } from './dynamodb-table.ts';

const AUDIENCES: DirectoryAudience[] = ['officials', 'press', 'publicLine', 'cabinet'];

export const dynamodbDirectoryStore = (table: TableContext): DirectoryStore => ({
  async list(audience) {
    const items = await queryAll(table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.contact(audience, '').pk },
    });
    return items.map((item) => withoutKeys<Contact>(item));
  },

  async putAll(contacts) {
    for (let start = 0; start < contacts.length; start += 25) {
      let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] =
        contacts.slice(start, start + 25).map((contact) => ({
          PutRequest: { Item: { ...keys.contact(contact.audience, contact.id), ...contact } },
        }));
      // BatchWrite may leave items unprocessed under load: write them again until none is left.
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** Math.min(attempt, 6)));
        const { UnprocessedItems } = await table.client.send(
          new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }),
        );
        requests = UnprocessedItems?.[table.tableName] ?? [];
      }
    }
  },

  async isEmpty() {
    for (const audience of AUDIENCES) {
      const { Items } = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.contact(audience, '').pk },
          Limit: 1,
        }),
      );
      if ((Items ?? []).length > 0) return false;
    }
    return true;
  },
});
