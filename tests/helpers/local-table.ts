/**
 * A fresh table with the real adapters on it, for tests that need real storage: in-memory dynalite, or a
 * uniquely named table on the endpoint the `dynamodb-local` project provides or `DYNAMODB_ENDPOINT` names.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';

import { dynamodbActivationStore } from '#adapters/dynamodb-activation-store';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import { dynamodbDispatchLedger } from '#adapters/dynamodb-dispatch-ledger';
import { dynamodbPagingStore } from '#adapters/dynamodb-paging-store';
import type { TableContext } from '#adapters/dynamodb-table';
import { dynamodbTemplateStore } from '#adapters/dynamodb-template-store';
import { dynamodbTimelineStore } from '#adapters/dynamodb-timeline-store';
import type { Contact } from '#domain/directory';
import { outboxMessenger } from '#local/outbox';
import { startStore } from '#local/store';
import { createTable, endpointClient, tableContext } from '#local/table';
import { someContacts } from './fixtures.ts';

export { anActivation, fixedClock, recordInformed, someContacts } from './fixtures.ts';

/** The endpoint the tests run against, if not dynalite: the project's (`dynamodb-local`), else the environment's. */
export const testEndpoint = (): string | undefined =>
  inject('dynamodbEndpoint') ?? (process.env['DYNAMODB_ENDPOINT'] || undefined);

/** A new table on `endpoint`, deleted by `close` with its client. */
const startEndpointTable = async (
  endpoint: string,
): Promise<{ table: TableContext; close(): Promise<void> }> => {
  const client = endpointClient(endpoint);
  const tableName = `module7-test-${randomUUID()}`;
  try {
    await createTable(client, tableName);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return {
    table: tableContext(client, tableName),
    async close() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
};

export const startTestTable = async () => {
  const endpoint = testEndpoint();
  const store = endpoint ? await startEndpointTable(endpoint) : await startStore({});
  const activations = dynamodbActivationStore(store.table);
  const outbox = outboxMessenger(store.table);
  return {
    table: store.table,
    store: activations,
    timeline: dynamodbTimelineStore(store.table),
    directory: dynamodbDirectoryStore(store.table),
    ledger: dynamodbDispatchLedger(store.table),
    pages: dynamodbPagingStore(store.table),
    templates: dynamodbTemplateStore(store.table),
    outbox,
    close: () => store.close(),
  };
};

export type TestTable = Awaited<ReturnType<typeof startTestTable>>;

/**
 * A test table for one describe: filled in before its tests (with the contacts given) and closed after them;
 * the object returned is the table itself, usable inside hooks and tests.
 */
export const useTestTable = (contacts: readonly Contact[] = someContacts): TestTable => {
  const table = {} as TestTable;
  beforeAll(async () => {
    Object.assign(table, await startTestTable());
    await table.directory.putAll(contacts);
  });
  afterAll(() => table.close());
  return table;
};
