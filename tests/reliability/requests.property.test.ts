/**
 * Properties of the API edge over real HTTP, on one in-memory embedded runtime: whatever arrives, the answer
 * is never a 5xx; a 400 names at least one field (the one that was broken, when the test broke one); a body
 * over 1 MiB gets a 413 and a body not declared JSON a 415; and only the requests answered 202 leave an
 * activation behind. fast-check prints the seed and the shrunk counterexample of a failure.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '#local/auth';
import { type Runtime, startRuntime } from '#local/runtime';
import { activationBody, minutesAgo } from '#tests/helpers/activation-request';

const MiB = 1_048_576;

type Answer = { status: number; body: { id?: string; error?: { code: string; fields?: Field[] } } };
type Field = { field: string; message: string };
type Path = (string | number)[];

let runtime: Runtime;
let authorization = '';
/** The id of every activation whose POST answered 202. */
const accepted = new Set<string>();
const statuses = new Map<number, number>();

const request = async (
  method: string,
  path: string,
  options: { body?: string | ReadableStream<Uint8Array>; headers?: Record<string, string> } = {},
): Promise<Answer> => {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization, ...options.headers },
    ...(options.body !== undefined ? { body: options.body, duplex: 'half' } : {}),
  } as RequestInit);
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  expect(response.status, text).toBeLessThan(500);
  // A path such as `/activations/%2e%2e` is `/` once resolved: the static site answers it, in HTML.
  const isJson = response.headers.get('content-type')?.startsWith('application/json');
  const body = (isJson ? JSON.parse(text) : {}) as Answer['body'];
  if (response.status === 400) {
    expect(body.error?.code).toBe('invalid_request');
    expect(body.error?.fields?.length, text).toBeGreaterThan(0);
    for (const field of body.error?.fields ?? []) {
      expect(field.field).toMatch(/\S/);
      expect(field.message).toMatch(/^\S.*[.)]$/s);
    }
  }
  return { status: response.status, body };
};

const post = async (body: string, headers: Record<string, string> = {}) => {
  const answer = await request('POST', '/activations', {
    body,
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...headers },
  });
  if (answer.status === 202 && answer.body.id) accepted.add(answer.body.id);
  return answer;
};

const fieldsOf = (answer: Answer) => (answer.body.error?.fields ?? []).map((field) => field.field);

const validBody = () => activationBody({ decidedAt: minutesAgo(1) });

/** A field's path as the API names it: `area.communes[0]`. */
const named = (path: Path) =>
  path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part),
    '',
  );
/** The path itself, one of its parents or one of its children: where a broken value is reported. */
const concerns = (reported: string, broken: string) =>
  reported === broken ||
  broken.startsWith(`${reported}.`) ||
  broken.startsWith(`${reported}[`) ||
  reported.startsWith(`${broken}.`) ||
  reported.startsWith(`${broken}[`);

const PATHS: Path[] = [
  ['mode'],
  ['eventType'],
  ['title'],
  ['synergiRef'],
  ['decidedAt'],
  ['area'],
  ['area', 'communes'],
  ['area', 'communes', 0],
  ['message'],
  ['message', 'sms'],
  ['message', 'email'],
  ['message', 'email', 'subject'],
  ['message', 'email', 'body'],
];
const TEXT_FIELDS = [
  { path: ['title'], multiline: false },
  { path: ['synergiRef'], multiline: false },
  { path: ['message', 'sms'], multiline: true },
  { path: ['message', 'email', 'subject'], multiline: false },
  { path: ['message', 'email', 'body'], multiline: true },
] as const;

const parentOf = (root: Record<string, unknown>, path: Path) => {
  let node: unknown = root;
  for (const part of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[part];
  return node as Record<string | number, unknown>;
};
const at = (root: Record<string, unknown>, path: Path) => parentOf(root, path)[path.at(-1) as string];
const put = (root: Record<string, unknown>, path: Path, value: unknown) => {
  parentOf(root, path)[path.at(-1) as string] = value;
};
const remove = (root: Record<string, unknown>, path: Path) => {
  const parent = parentOf(root, path);
  const last = path.at(-1) as string | number;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else delete parent[last];
};

/** A value of another JSON type than `original`. */
const otherType = (original: unknown) =>
  fc.oneof(
    ...[
      typeof original !== 'string' ? fc.string({ maxLength: 8 }) : undefined,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      !Array.isArray(original) ? fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }) : undefined,
      typeof original !== 'object' || Array.isArray(original)
        ? fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 })
        : undefined,
    ].filter((arbitrary) => arbitrary !== undefined),
  );

/** Characters no text may hold: C0 and C1 controls, DEL, format characters, lone surrogates, separators. */
const forbiddenCharacter = (multiline: boolean) =>
  fc
    .oneof(
      fc.integer({ min: 0x00, max: 0x1f }),
      fc.integer({ min: 0x7f, max: 0x9f }),
      fc.constantFrom(0xad, 0x61c, 0x180e, 0x2028, 0x2029, 0xfeff, 0xfff9, 0xe0001),
      fc.integer({ min: 0x200b, max: 0x200f }),
      fc.integer({ min: 0x202a, max: 0x202e }),
      fc.integer({ min: 0x2060, max: 0x2064 }), // U+2065 is unassigned, not a format character
      fc.integer({ min: 0x2066, max: 0x206f }),
      fc.integer({ min: 0xd800, max: 0xdfff }),
    )
    .filter((code) => !multiline || (code !== 0x0a && code !== 0x0d));

const codeOf = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** T0 `ageMinutes` ago, written in the local time of a UTC offset of `offsetMinutes`. */
const decidedAtWith = (ageMinutes: number, offsetMinutes: number) => {
  const local = new Date(Date.now() - ageMinutes * 60_000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
};

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, log: () => {} });
  authorization = `Bearer ${await signToken(runtime.key, 'duty-officer')}`;
});
afterAll(() => runtime?.close());

describe('POST /activations, whatever the body', () => {
  it('answers 400 naming a field to any JSON value, and to text that is not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.anything().map((value) => JSON.stringify(value) ?? ''),
          fc.string({ unit: 'binary', maxLength: 40 }),
        ),
        async (body) => {
          const answer = await post(body);

          expect(answer.status).toBe(400);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('names the field that was dropped or given another type', async () => {
    const mutation = fc.constantFrom(...PATHS).chain((path) =>
      fc.oneof(
        // Dropping one of two communes leaves a valid area: only whole fields are dropped.
        fc.constant({ path: path.filter((part) => typeof part === 'string'), drop: true as const }),
        otherType(at(validBody(), path)).map((value) => ({ path, drop: false as const, value })),
      ),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (change) => {
        const body = validBody();
        if (change.drop) remove(body, change.path);
        else put(body, change.path, change.value);

        const answer = await post(JSON.stringify(body));

        expect(answer.status).toBe(400);
        expect(fieldsOf(answer).some((field) => concerns(field, named(change.path)))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a control, format or lone-surrogate character in any text, naming the field and the character', async () => {
    const insertion = fc.constantFrom(...TEXT_FIELDS).chain((field) =>
      fc.record({
        field: fc.constant(field),
        code: forbiddenCharacter(field.multiline),
        where: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(insertion, async ({ field, code, where }) => {
        const body = validBody();
        const text = at(body, [...field.path]) as string;
        const index = Math.floor(where * text.length);
        put(
          body,
          [...field.path],
          `${text.slice(0, index)}${String.fromCodePoint(code)}${text.slice(index)}`,
        );

        const answer = await post(JSON.stringify(body));

        expect(answer.status).toBe(400);
        expect(answer.body.error?.fields).toEqual([
          { field: named([...field.path]), message: expect.stringContaining(codeOf(code)) },
        ]);
      }),
      { numRuns: 40 },
    );
  });

  it('accepts a T0 of the last 24 hours in any offset on Earth, and refuses other offsets and ages', async () => {
    const age = fc.oneof(
      fc.integer({ min: 1, max: 23 * 60 }).map((minutes) => ({ minutes, fresh: true })),
      fc.integer({ min: 24 * 60 + 10, max: 40 * 60 }).map((minutes) => ({ minutes, fresh: false })),
      fc.integer({ min: -120, max: -5 }).map((minutes) => ({ minutes, fresh: false })),
    );
    await fc.assert(
      fc.asyncProperty(age, fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), async (t0, offset) => {
        const onEarth = offset >= -12 * 60 && offset <= 14 * 60;

        const answer = await post(
          JSON.stringify({ ...validBody(), decidedAt: decidedAtWith(t0.minutes, offset) }),
        );

        if (onEarth && t0.fresh) expect(answer.status).toBe(202);
        else expect(fieldsOf(answer)).toEqual(['decidedAt']);
      }),
      { numRuns: 30 },
    );
  });

  it('answers 413 exactly to the bodies over 1 MiB, announced or streamed', async () => {
    const size = fc.oneof(
      fc.integer({ min: MiB - 32, max: MiB }),
      fc.integer({ min: MiB + 1, max: MiB + 32 }),
      fc.integer({ min: MiB + MiB / 2, max: 3 * MiB }),
    );
    await fc.assert(
      fc.asyncProperty(size, fc.boolean(), async (bytes, streamed) => {
        const text = `{"pad":"${'x'.repeat(bytes - 10)}"}`;
        const payload = Buffer.from(text);
        const body = streamed
          ? new ReadableStream<Uint8Array>({
              start(controller) {
                for (let offset = 0; offset < payload.length; offset += 256 * 1024)
                  controller.enqueue(payload.subarray(offset, offset + 256 * 1024));
                controller.close();
              },
            })
          : text;

        const answer = await request('POST', '/activations', {
          body,
          headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        });

        expect(answer.status).toBe(bytes > MiB ? 413 : 400);
      }),
      { numRuns: 10 },
    );
  });

  it('answers 415 unless the body is declared JSON', async () => {
    const json = fc
      .tuple(
        fc.oneof(fc.constant('json'), fc.stringMatching(/^[a-z][a-z0-9.-]{0,10}\+json$/)),
        fc.constantFrom('', '; charset=utf-8', ';charset="UTF-8"', '; version=2'),
      )
      .chain(([subtype, parameters]) =>
        fc
          .mixedCase(fc.constant(`application/${subtype}${parameters}`))
          .map((value) => ({ value, json: true })),
      );
    const other = fc
      .oneof(
        fc.constantFrom(
          '',
          'text/plain',
          'text/json',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
          'application/json-patch',
          'application/json; charset=iso-8859-1',
          'json',
        ),
        fc.stringMatching(/^[\x21-\x7e]{1,30}$/).filter((value) => !/json/i.test(value)),
      )
      .map((value) => ({ value, json: false }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, other), async (contentType) => {
        const { title: _title, ...body } = validBody();

        const answer = await post(JSON.stringify(body), { 'content-type': contentType.value });

        if (contentType.json) expect(fieldsOf(answer)).toEqual(['title']);
        else {
          expect(answer.status).toBe(415);
          expect(answer.body.error?.code).toBe('unsupported_media_type');
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('GET, whatever the query or the path', () => {
  it('answers 200 or a 400 naming query fields to any query of GET /activations', async () => {
    const first = await request('GET', '/activations?limit=1');
    const realCursor = (first.body as { cursor?: string }).cursor;
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursor = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{0,80}$/),
      fc.jsonValue().map(base64url),
      fc
        .record(
          { pk: fc.string(), sk: fc.string(), gsi1pk: fc.string(), gsi1sk: fc.string() },
          { requiredKeys: [] },
        )
        .map(base64url),
      fc.constant(realCursor ?? 'e30'),
      fc.constant('e30'),
    );
    const text = fc.string({ maxLength: 12 });
    const query = fc.record(
      {
        mode: fc.oneof(fc.constantFrom('exercise', 'real'), text),
        year: fc.oneof(fc.integer({ min: 1990, max: 2110 }).map(String), text),
        limit: fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), text),
        cursor,
        extra: fc.dictionary(
          fc.oneof(
            fc.constantFrom('__proto__', 'constructor', 'toString'),
            fc.string({ minLength: 1, maxLength: 6 }),
          ),
          text,
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async ({ extra, ...known }) => {
        const params = new URLSearchParams({ ...extra, ...known });

        const answer = await request('GET', `/activations?${params}`);

        expect([200, 400]).toContain(answer.status);
        const names = [...params.keys()].flatMap((name) => [name, `[${JSON.stringify(name)}]`]);
        for (const field of fieldsOf(answer)) expect([...names, 'query']).toContain(field);
      }),
      { numRuns: 50 },
    );
  });

  it('answers below 500 to any id in a path, and 400 naming the path to a malformed escape', async () => {
    const escapes = fc.constantFrom(
      '%',
      '%Z',
      '%ZZ',
      '%E0%A4%A',
      '%C3%28',
      '%FF',
      '%2F',
      '%00',
      '%25',
      '%2e%2e',
    );
    const id = fc.oneof(
      fc.string({ maxLength: 70 }).map(encodeURIComponent),
      fc
        .array(fc.oneof(escapes, fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/)), { minLength: 1, maxLength: 6 })
        .map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(id, fc.boolean(), async (raw, timeline) => {
        const answer = await request('GET', `/activations/${raw}${timeline ? '/timeline' : ''}`);

        let malformed = false;
        try {
          decodeURIComponent(raw);
        } catch {
          malformed = true;
        }
        if (malformed && !raw.includes('%2F') && !raw.includes('%2e')) {
          expect(answer.status).toBe(400);
          expect(fieldsOf(answer)).toEqual(['path']);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('after every request above', () => {
  it('lists exactly the activations whose POST answered 202', async () => {
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request('GET', `/activations?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      const body = page.body as { items: { id: string }[]; cursor?: string };
      listed.push(...body.items.map((item) => item.id));
      cursor = body.cursor;
    } while (cursor);

    expect(accepted.size).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(413)).toBeGreaterThan(0);
    expect(statuses.get(415)).toBeGreaterThan(0);
    expect(listed.sort()).toEqual([...accepted].sort());
  });
});
