/**
 * The one domain table: its key schema (read by the CDK stack and the local runtime alike), its item keys,
 * and the helpers every DynamoDB adapter shares.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#domain/errors';

export const TABLE_SCHEMA = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Activations by T0: one partition per table (a prefecture has tens a year), sorted by `T0#id`. */
  byDateIndex: { name: 'byDate', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
} as const;

export interface TableContext {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export const keys = {
  activation: (id: string) => ({ pk: `ACT#${id}`, sk: 'ACTIVATION' }),
  event: (activationId: string, eventKey: string) => ({ pk: `ACT#${activationId}`, sk: `EVENT#${eventKey}` }),
  send: (activationId: string, messageKey: string) => ({
    pk: `ACT#${activationId}`,
    sk: `SEND#${messageKey}`,
  }),
  contact: (audience: string, id: string) => ({ pk: `DIRECTORY#${audience}`, sk: `CONTACT#${id}` }),
};

/** Strips the key attributes from an item read back. */
export const withoutKeys = <T>(item: Record<string, unknown>): T => {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, ...rest } = item;
  return rest as T;
};

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException;

/** Every item of a query, following the pages. */
export const queryAll = async (table: TableContext, input: Omit<QueryCommandInput, 'TableName'>) => {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery(
    { client: table.client },
    { TableName: table.tableName, ...input },
  )) {
    items.push(...(page.Items ?? []));
  }
  return items;
};

export const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/** @throws ValidationError naming `cursor` when it is not one this API gave. */
export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch (cause) {
    throw new ValidationError([{ field: 'cursor', message: 'Curseur de pagination invalide.' }], { cause });
  }
  throw new ValidationError([{ field: 'cursor', message: 'Curseur de pagination invalide.' }]);
};
