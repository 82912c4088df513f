/**
 * The domain table on a local or DynamoDB-compatible endpoint (dynalite, DynamoDB Local): the real AWS SDK
 * pointed at it and the one CreateTable definition, shaped like the table the CDK stack declares.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  TableStatus,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_SCHEMA } from '#adapters/dynamodb-keys';
import type { TableContext } from '#adapters/dynamodb-table';

/** A client for a local endpoint: any region and credentials do, these ones are fixed. */
export const endpointClient = (endpoint: string, options: { maxAttempts?: number } = {}) =>
  new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...options,
  });

/** What the adapters are given: the document client over `client`, dropping undefined attributes. */
export const tableContext = (client: DynamoDBClient, tableName: string): TableContext => ({
  client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
  tableName,
});

/**
 * Creates the domain table (keys, the by-date index, on-demand billing) and returns once it is active.
 * @throws ResourceInUseException when a table of that name exists.
 */
export const createTable = async (client: DynamoDBClient, tableName: string): Promise<void> => {
  const { partitionKey, sortKey, byDateIndex } = TABLE_SCHEMA;
  const created = await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, byDateIndex.partitionKey, byDateIndex.sortKey].map(
        (name) => ({
          AttributeName: name,
          AttributeType: 'S',
        }),
      ),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: byDateIndex.name,
          KeySchema: [
            { AttributeName: byDateIndex.partitionKey, KeyType: 'HASH' },
            { AttributeName: byDateIndex.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
  // dynalite (with createTableMs: 0) and DynamoDB Local answer ACTIVE or nearly so; a remote endpoint takes seconds.
  if (created.TableDescription?.TableStatus !== TableStatus.ACTIVE) {
    await waitUntilTableExists(
      { client, minDelay: 0.1, maxDelay: 2, maxWaitTime: 120 },
      { TableName: tableName },
    );
  }
};
