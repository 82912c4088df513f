/**
 * TemplateStore on DynamoDB: one item per hazard, all in one partition (`TEMPLATES`, sorted by
 * `TEMPLATE#<eventType>`). A dozen small items: listing them is one query on that partition, never a scan of
 * the table, and a write replaces the hazard's item. Reads are consistent: a template just saved is the one
 * the next activation form fills.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TemplateStore } from '#domain/ports';
import type { MessageTemplate } from '#domain/templates';
import { TEMPLATES_PARTITION } from './dynamodb-keys.ts';
import { keys, queryAll, type TableContext, withoutKeys } from './dynamodb-table.ts';

export const dynamodbTemplateStore = (table: TableContext): TemplateStore => ({
  async get(eventType) {
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.template(eventType), ConsistentRead: true }),
    );
    return Item ? withoutKeys<MessageTemplate>(Item) : undefined;
  },

  async put(template) {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.template(template.eventType), ...template },
      }),
    );
  },

  async list() {
    const items = await queryAll(table, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': TEMPLATES_PARTITION },
      ConsistentRead: true,
    });
    return items.map((item) => withoutKeys<MessageTemplate>(item));
  },
});
