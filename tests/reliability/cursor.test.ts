/** A pagination cursor is accepted only when it is a key of the activations index that this API could give. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '#adapters/dynamodb-table';
import { ValidationError } from '#domain/errors';
import { anActivation, startTestTable, type TestTable } from '#tests/helpers/local-table';

const NAMES = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const aKey = (overrides: Record<string, unknown> = {}) => ({
  pk: 'ACT#act-0123456789abcdef0123',
  sk: 'ACTIVATION',
  gsi1pk: 'ACTIVATIONS',
  gsi1sk: '2026-03-10T10:00:00.000Z#act-0123456789abcdef0123',
  ...overrides,
});
const refusal = (cursor: string) => {
  try {
    decodeCursor(cursor, NAMES);
  } catch (error) {
    return error instanceof ValidationError ? error.issues.map((issue) => issue.field) : error;
  }
  return 'accepted';
};

describe('decodeCursor', () => {
  it('gives back a key of the expected attributes', () => {
    expect(decodeCursor(cursorOf(aKey()), NAMES)).toEqual(aKey());
    expect(decodeCursor(undefined, NAMES)).toBeUndefined();
  });

  it.each([
    ['an empty object (e30)', 'e30'],
    ['not JSON', 'bm90LWpzb24'],
    ['an empty string', ''],
    ['JSON null', cursorOf(null)],
    ['a JSON array', cursorOf([aKey()])],
    ['a missing attribute', cursorOf({ pk: aKey().pk, sk: 'ACTIVATION', gsi1pk: 'ACTIVATIONS' })],
    ['an extra attribute', cursorOf(aKey({ evaluatedAt: 'x' }))],
    ['a number for a string', cursorOf(aKey({ sk: 1 }))],
    ['an object for a string', cursorOf(aKey({ pk: { S: 'ACT#x' } }))],
    ['an empty value', cursorOf(aKey({ gsi1sk: '' }))],
    ['another partition of the index', cursorOf(aKey({ gsi1pk: 'OUTBOX' }))],
    ['an item that is not an activation', cursorOf(aKey({ sk: 'EVENT#cod.activated' }))],
    ['a key whose id differs from its sort key', cursorOf(aKey({ pk: 'ACT#act-other' }))],
    ['a sort key without an id', cursorOf(aKey({ gsi1sk: '2026-03-10T10:00:00.000Z' }))],
    ['a directory entry', cursorOf(aKey({ pk: 'DIRECTORY#press', sk: 'CONTACT#x' }))],
  ])('refuses %s, naming the cursor', (_name, cursor) => {
    expect(refusal(cursor)).toEqual(['cursor']);
  });
});

describe('listing with a crafted cursor', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await startTestTable();
    await table.store.create(anActivation());
    await table.store.create(anActivation({ decidedAt: '2026-03-10T11:00:00.000Z' }));
  });
  afterAll(() => table.close());

  it('answers a ValidationError naming the cursor rather than a storage error', async () => {
    await expect(table.store.list({ limit: 10, cursor: 'e30' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses a cursor given for another year rather than let DynamoDB refuse its start key', async () => {
    const first = await table.store.list({ limit: 1 });
    expect(first.cursor).toBeDefined();

    await expect(
      table.store.list({
        limit: 1,
        cursor: String(first.cursor),
        decidedFrom: '2001-01-01T00:00:00.000Z',
        decidedBefore: '2002-01-01T00:00:00.000Z',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('still pages with the cursors it gives', async () => {
    const first = await table.store.list({ limit: 1 });
    const second = await table.store.list({ limit: 1, ...(first.cursor ? { cursor: first.cursor } : {}) });

    expect(first.cursor).toBeDefined();
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
  });
});
