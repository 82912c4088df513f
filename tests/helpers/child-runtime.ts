/**
 * `npm start` as a real child process, for the tests that crash it: started on a free port over a data
 * folder, read back over HTTP, killed with a real signal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signingKeyIn, signToken } from '#local/auth';
import type { Role } from '#shared/routes';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
type Json = any;

export interface ChildRuntime {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  get(path: string, role?: Role): Promise<{ status: number; body: Json }>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
    /** @default 'duty-officer' */
    role?: Role,
  ): Promise<{ status: number; body: Json }>;
}

export const startChildRuntime = async (
  dataDir: string,
  env: Record<string, string> = {},
  { timeoutMs = 60_000 } = {},
): Promise<ChildRuntime> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, CLOCK_SPEED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the runtime did not start in time:\n${output}`)),
      timeoutMs,
    );
    const check = () => {
      const found = /prêt sur (http:\/\/\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', check);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the runtime exited (${code}) before it was ready:\n${output}`));
    });
  });
  const key = signingKeyIn(dataDir);
  const tokens = new Map<Role, string>();
  const token = async (role: Role) => {
    if (!tokens.has(role)) tokens.set(role, await signToken(key, role));
    return tokens.get(role) as string;
  };
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });
  return {
    url,
    child,
    output: () => output,
    exited,
    get: async (path, role = 'quality') =>
      answer(await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${await token(role)}` } })),
    post: async (path, body, headers = {}, role = 'duty-officer') =>
      answer(
        await fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await token(role)}`,
            'content-type': 'application/json',
            ...headers,
          },
          body: JSON.stringify(body),
        }),
      ),
  };
};
