/**
 * The embedded DynamoDB: dynalite in this process (LevelDB on disk, or memory), the real AWS SDK pointed at
 * it, and the same table the CDK stack declares. A lock (`lock.ts`) keeps a second runtime off the data
 * folder: dynalite would start, then crash on its first request.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ResourceInUseException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { TableContext } from '#adapters/dynamodb-table';
import { lockDataDir } from './lock.ts';
import { createTable, endpointClient, tableContext } from './table.ts';

export const TABLE_NAME = 'module7';

export interface LocalStore {
  table: TableContext;
  endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite on a free loopback port, on disk under `dataDir` or in memory, and creates the table. */
export const startStore = async (options: { dataDir?: string }): Promise<LocalStore> => {
  let unlock = async () => {};
  if (options.dataDir) {
    mkdirSync(join(options.dataDir, 'dynamodb'), { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  const server = dynalite({
    ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = endpointClient(endpoint);
  const close = async () => {
    client.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await unlock();
  };
  try {
    await createTable(client, TABLE_NAME);
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) {
      await close();
      throw error;
    }
  }
  return {
    table: tableContext(client, TABLE_NAME),
    endpoint,
    close,
  };
};
