/**
 * What every DynamoDB adapter shares: the client and table it works on, conditional-write and query helpers,
 * and the pagination cursor. The key schema and item keys live in the SDK-free `dynamodb-keys.ts`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#domain/errors';
import { ACTIVATIONS_PARTITION, keys, TABLE_SCHEMA } from './dynamodb-keys.ts';

export { ACTIVATIONS_PARTITION, keys, TABLE_SCHEMA } from './dynamodb-keys.ts';

export interface TableContext {
  client: DynamoDBDocumentClient;
  tableName: string;
}

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

const invalidCursor = (cause?: unknown) =>
  new ValidationError(
    [{ field: 'cursor', message: 'Curseur de pagination invalide : reprendre la liste depuis le début.' }],
    cause === undefined ? {} : { cause },
  );

/** A key of the `byDate` index names an activation: `ACT#<id>`/`ACTIVATION`, listed under `…#<id>`. */
const isActivationByDateKey = (key: Record<string, string>) => {
  const id = key['gsi1sk']?.split('#').at(-1) ?? '';
  const { pk, sk } = keys.activation(id);
  return id.length > 0 && key['gsi1pk'] === ACTIVATIONS_PARTITION && key['pk'] === pk && key['sk'] === sk;
};

/**
 * The start key a cursor carries: exactly the attributes `names`, each a non-empty string, and for the
 * `byDate` index the key of an activation in the activations partition, within the query's sort-key range
 * (`between`: `BETWEEN :from AND :to`) when it has one. A crafted cursor, or one given for another year,
 * never reaches DynamoDB, which would refuse it with an error of its own.
 * @throws ValidationError naming `cursor` when it is not one this API could have given for this query.
 */
export const decodeCursor = (
  cursor: string | undefined,
  names: readonly string[],
  between: { from?: unknown; to?: unknown } = {},
): Record<string, string> | undefined => {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw invalidCursor(cause);
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalidCursor();
  const entries = Object.entries(key);
  const exact =
    entries.length === names.length &&
    entries.every(([name, value]) => names.includes(name) && typeof value === 'string' && value.length > 0);
  if (!exact) throw invalidCursor();
  const startKey = Object.fromEntries(entries) as Record<string, string>;
  const { partitionKey, sortKey } = TABLE_SCHEMA.byDateIndex;
  if (names.includes(partitionKey) && names.includes(sortKey)) {
    const sortValue = startKey[sortKey] ?? '';
    const { from, to } = between;
    if (!isActivationByDateKey(startKey)) throw invalidCursor();
    if (typeof from === 'string' && sortValue < from) throw invalidCursor();
    if (typeof to === 'string' && sortValue > to) throw invalidCursor();
  }
  return startKey;
};
