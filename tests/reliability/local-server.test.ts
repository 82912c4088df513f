/**
 * The local API Gateway over real HTTP: a body over 1 MiB gets a 413 it can read, a malformed path escape a
 * 400, and a refused token a 401 that says where a valid one comes from.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '#local/auth';
import { type Runtime, startRuntime } from '#local/runtime';

const MiB = 1_048_576;
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
const json = async (response: Response) => (await response.json()) as Record<string, any>;

describe('the local server', () => {
  let runtime: Runtime;
  let token: string;
  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, log: () => {} });
    token = await signToken(runtime.key, 'duty-officer');
  });
  afterAll(() => runtime.close());

  const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    fetch(`${runtime.url}/activations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'size-key-0001',
        ...headers,
      },
      body,
      duplex: 'half',
    } as RequestInit);
  /** A JSON body of exactly `size` bytes. */
  const bodyOfSize = (size: number) => `{"pad":"${'x'.repeat(size - 10)}"}`;

  it('answers 413 to a 2 MiB body, then closes the connection', async () => {
    const response = await post(bodyOfSize(2 * MiB));

    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await json(response)).toEqual({
      error: { code: 'payload_too_large', message: expect.stringMatching(/1 Mio/) },
    });
  });

  it('answers 413 to a streamed body that passes 1 MiB without announcing its length', async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 2 * MiB) return controller.close();
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });

    const response = await post(stream);

    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
  });

  it('reads a body of exactly 1 MiB', async () => {
    const response = await post(bodyOfSize(MiB));

    expect(response.status).toBe(400);
    expect((await json(response))['error'].fields).toContainEqual({
      field: 'pad',
      message: 'Champ inconnu.',
    });
  });

  it('keeps serving after refusing a body', async () => {
    await post(bodyOfSize(2 * MiB));

    const response = await fetch(`${runtime.url}/activations`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(200);
  });

  it.each(['/activations/%ZZ', '/activations/%E0%A4%A/timeline', '/activations/abc%'])(
    'answers 400 naming the path for the malformed escape in %s',
    async (path) => {
      const response = await fetch(`${runtime.url}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });

      expect(response.status).toBe(400);
      expect((await json(response))['error']).toMatchObject({
        code: 'invalid_request',
        fields: [{ field: 'path', message: expect.any(String) }],
      });
    },
  );

  it('says that an in-memory runtime signs its own tokens', async () => {
    const response = await fetch(`${runtime.url}/activations`);

    expect(response.status).toBe(401);
    expect((await json(response))['error'].message).toMatch(/DATA_DIR/);
  });
});

describe('the 401 of a runtime with a data folder', () => {
  let dataDir: string;
  let runtime: Runtime;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'module7-401-'));
    runtime = await startRuntime({ port: 0, dataDir, log: () => {} });
  });
  afterAll(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the folder and asks for a token from npm run token with the same DATA_DIR', async () => {
    const otherKey = new Uint8Array(32).fill(7);
    const response = await fetch(`${runtime.url}/activations`, {
      headers: { authorization: `Bearer ${await signToken(otherKey, 'quality')}` },
    });

    expect(response.status).toBe(401);
    const { message } = (await json(response))['error'] as { message: string };
    expect(message).toContain(dataDir);
    expect(message).toContain('npm run token');
    expect(message).toMatch(/même DATA_DIR/);
  });
});
