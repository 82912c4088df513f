/**
 * The lock that keeps a second runtime off a data folder (dynalite would start, then crash on its first
 * request). The holder listens on a local socket named after the folder: the kernel closes it the instant
 * the process dies, even by SIGKILL and before its parent reaps it, so a crashed runtime never blocks a
 * restart, and a live one always does (this process included). Linux uses an abstract socket, Windows a
 * named pipe; elsewhere a socket file in the folder, judged stale when nobody answers on it.
 */
import { createHash } from 'node:crypto';
import { realpathSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { join } from 'node:path';

const socketPath = (dataDir: string) => {
  const hash = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0module7-runtime-${hash}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\module7-runtime-${hash}`;
  return join(dataDir, 'runtime.sock');
};

/** Answers the pid of the live holder, or undefined when nobody answers. */
const holder = (path: string) =>
  new Promise<string | undefined>((resolve) => {
    const socket = connect(path);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer.trim() || '?'));
    socket.on('error', () => resolve(undefined));
  });

const listen = (server: Server, path: string) =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });

/**
 * Takes the folder's lock; answers the function that gives it back.
 * @throws Error (in French) naming the process that holds the folder.
 */
export const lockDataDir = async (dataDir: string): Promise<() => Promise<void>> => {
  const path = socketPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    const server = createServer((socket) => socket.end(String(process.pid)));
    try {
      await listen(server, path);
      server.unref();
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      const pid = await holder(path);
      if (pid !== undefined) {
        throw new Error(`Le dossier de données ${dataDir} est déjà utilisé par le processus ${pid}.`);
      }
      // A socket file left by a process that died: nobody answers on it.
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Impossible de verrouiller ${dataDir}.`);
};
