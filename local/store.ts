/**
 * The embedded DynamoDB: dynalite in this process (LevelDB on disk, or memory), the real AWS SDK pointed at
 * it, and the same table the CDK stack declares. A lock file keeps a second process off the data folder:
 * dynalite would start, then crash on its first request.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { TABLE_SCHEMA, type TableContext } from '#adapters/dynamodb-table';

export const TABLE_NAME = 'module7';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Data folders this process holds: its own pid in a lock file is not stale while the folder is in here. */
const heldHere = new Set<string>();

/** @throws Error when a live process, this one included, holds the folder. */
const lock = (dataDir: string) => {
  const path = join(dataDir, 'runtime.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return () => {
        heldHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8'));
      const held = holder === process.pid ? heldHere.has(path) : holder > 0 && isAlive(holder);
      if (held) {
        throw new Error(`Le dossier de données ${dataDir} est déjà utilisé par le processus ${holder}.`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Impossible de verrouiller ${dataDir}.`);
};

export interface LocalStore {
  table: TableContext;
  endpoint: string;
  close(): Promise<void>;
}

/** Starts dynalite on a free loopback port, on disk under `dataDir` or in memory, and creates the table. */
export const startStore = async (options: { dataDir?: string }): Promise<LocalStore> => {
  let unlock = () => {};
  if (options.dataDir) {
    mkdirSync(join(options.dataDir, 'dynamodb'), { recursive: true });
    unlock = lock(options.dataDir);
  }
  const server = dynalite({
    ...(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { partitionKey, sortKey, byDateIndex } = TABLE_SCHEMA;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: TABLE_NAME,
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
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  return {
    table: {
      client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      tableName: TABLE_NAME,
    },
    endpoint,
    async close() {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      unlock();
    },
  };
};
