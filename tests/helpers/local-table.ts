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
import type { TableContext } from '#adapters/dynamodb-table';
import { dynamodbTimelineStore } from '#adapters/dynamodb-timeline-store';
import type { Activation, Audience } from '#domain/activation';
import type { Contact } from '#domain/directory';
import type { Clock } from '#domain/ports';
import { outboxMessenger } from '#local/outbox';
import { startStore } from '#local/store';
import { createTable, endpointClient, tableContext } from '#local/table';

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
    outbox,
    close: () => store.close(),
  };
};

export type TestTable = Awaited<ReturnType<typeof startTestTable>>;

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

let sequence = 0;
/** A stored-shape activation for two communes of Haute-Savoie, T0 at 10:00 UTC on 10 March 2026. */
export const anActivation = (overrides: Partial<Activation> = {}): Activation => {
  sequence += 1;
  const id = overrides.id ?? `act-test${String(sequence).padStart(16, '0')}`;
  return {
    id,
    mode: 'exercise',
    eventType: 'flood',
    title: 'Crue du Fier',
    synergiRef: 'SYN-2026-0042',
    decidedAt: '2026-03-10T10:00:00.000Z',
    acceptedAt: '2026-03-10T10:03:00.000Z',
    deadline: '2026-03-10T11:00:00.000Z',
    warnAt: '2026-03-10T10:45:00.000Z',
    area: { communes: ['74010', '74281'] },
    communes: ['74010', '74281'],
    message: {
      sms: 'Crue du Fier : évitez les berges.',
      email: { subject: 'Crue du Fier', body: 'Évitez les berges.' },
    },
    status: 'active',
    activatedBy: 'demo-duty-officer',
    requestHash: 'hash',
    executionName: id,
    ...overrides,
  };
};

export const someContacts: Contact[] = [
  {
    id: 'maire-74010',
    audience: 'officials',
    name: 'Maire d’Annecy',
    phone: '+33639980009',
    email: 'maire-74010@example.org',
    communes: ['74010'],
  },
  {
    id: 'maire-74281',
    audience: 'officials',
    name: 'Maire de Thonon-les-Bains',
    phone: '+33639980245',
    communes: ['74281'],
  },
  {
    id: 'maire-74042',
    audience: 'officials',
    name: 'Maire de Bonneville',
    phone: '+33639980040',
    communes: ['74042'],
  },
  {
    id: 'presse-1',
    audience: 'press',
    name: 'Rédaction (démo)',
    phone: '+33639982000',
    email: 'presse-1@example.org',
  },
  { id: 'ligne-public-1', audience: 'publicLine', name: 'Ligne d’information (démo)', phone: '+33639983000' },
  { id: 'cabinet-1', audience: 'cabinet', name: 'Cadre de permanence (démo)', phone: '+33639984000' },
];

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

/** Records that an audience was informed, as the dispatch step does. */
export const recordInformed = (table: TestTable, activationId: string, audience: Audience, at: string) =>
  table.timeline.append({
    activationId,
    at,
    type: 'dispatch.completed',
    actor: 'system',
    audience,
    details: {},
  });
