/**
 * The whole slice over HTTP: the embedded runtime on a free port, in memory, each activation's clock moved by
 * the test (the hour passes when the test says so, never by racing the machine's speed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { dynamodbDirectoryStore } from '#adapters/dynamodb-directory-store';
import { signToken } from '#local/auth';
import { type Runtime, startRuntime } from '#local/runtime';
import {
  ActivationDetailResponse,
  ActivationSchema,
  ReadinessResponse,
  StartActivationResponse,
  TimelineEventSchema,
} from '#shared/http/response-schemas';
import { activationBody, minutesAgo } from '#tests/helpers/activation-request';
import { FIRST_HOUR_ON_TIME } from '#tests/helpers/fixtures';
import { manualClocks } from '#tests/helpers/manual-clock';

describe('the embedded runtime over HTTP', () => {
  let runtime: Runtime;
  const clocks = manualClocks();
  const tokens: Record<string, string> = {};
  let key = 0;

  const call = async (
    method: string,
    path: string,
    options: { role?: string | null; body?: unknown; idempotencyKey?: string } = {},
  ) => {
    const role = options.role === undefined ? 'duty-officer' : options.role;
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
      },
      ...(options.body !== undefined
        ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }
        : {}),
    });
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are read field by field in the assertions.
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  const activate = (body = activationBody()) =>
    call('POST', '/activations', { body, idempotencyKey: `it-${++key}-${Date.now()}` });

  const waitFor = async <T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs = 10_000,
  ): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > until) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const timelineOf = (id: string) => call('GET', `/activations/${id}/timeline`, { role: 'quality' });
  /** Lets the audiences be informed, then passes the hour and answers the settled timeline. */
  const evaluatedTimeline = async (id: string) => {
    await waitFor(
      () => timelineOf(id),
      (response) =>
        response.body['events']?.filter((event: { type: string }) => event.type === 'dispatch.completed')
          .length === 3,
    );
    clocks.advance(3_600);
    // Nobody acknowledges the demo's communication cell here: each escalation step waits ten more minutes
    // on the activation's clock, which moves on at each poll until the cell's branch ends and the hour settles.
    return waitFor(
      () => call('GET', `/activations/${id}`, { role: 'quality' }),
      (response) => {
        if (response.body['activation']?.settledAt !== undefined) return true;
        clocks.advance(600);
        return false;
      },
    ).then(() => timelineOf(id));
  };

  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, clockFor: clocks.clockFor, log: () => {} });
    for (const role of ['duty-officer', 'quality', 'comms'])
      tokens[role] = await signToken(runtime.key, role as 'quality');
  });
  afterAll(() => runtime.close());

  it('activates an exercise for two communes, informs each audience and finds the verdicts met', async () => {
    const accepted = await activate();
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      status: 'active',
      communes: 2,
      sms: { encoding: 'GSM-7', parts: 1 },
    });
    const id = accepted.body['id'] as string;

    const timeline = await evaluatedTimeline(id);
    const types = timeline.body['events'].map(
      (event: { type: string; audience?: string }) =>
        `${event.type}${event.audience ? `:${event.audience}` : ''}`,
    );
    expect(types[0]).toBe('cod.activated');
    // The M7-2 steps; the communication cell's are tested in tests/workflows/communication-cell.test.ts.
    expect([...types].filter((type) => !type.startsWith('cell.')).sort()).toEqual(FIRST_HOUR_ON_TIME);
    expect(types).toContain('cell.paged');
    expect(types).toContain('cell.unanswered');

    const { body } = await call('GET', `/activations/${id}`, { role: 'comms' });
    expect(
      body['verdicts'].map(
        (v: { commitment: string; audience: string; status: string }) =>
          `${v.commitment}:${v.audience}:${v.status}`,
      ),
    ).toEqual(['M7-1:undefined:missed', 'M7-2:officials:met', 'M7-2:press:met', 'M7-2:publicLine:met']);
    expect(
      body['verdicts']
        .filter((v: { commitment: string }) => v.commitment === 'M7-2')
        .every((v: { marginSeconds: number }) => v.marginSeconds > 0),
    ).toBe(true);
    // The answers are what the OpenAPI document says they are.
    expect(
      z.safeParse(
        z.strictObject({
          ...ActivationDetailResponse.def.shape,
          activation: z.strictObject(ActivationSchema.def.shape),
        }),
        body,
      ).error,
    ).toBeUndefined();
    expect(
      z.safeParse(z.object({ events: z.array(z.strictObject(TimelineEventSchema.def.shape)) }), timeline.body)
        .error,
    ).toBeUndefined();
    expect(z.safeParse(StartActivationResponse, accepted.body).error).toBeUndefined();

    const outbox = (await call('GET', `/outbox?activationId=${id}`)).body['messages'] as {
      audience: string;
      channel: string;
      recipientId: string;
      communes: string[];
      text?: string;
      body?: string;
      to: string;
      encoding?: string;
      parts?: number;
    }[];
    const mayors = outbox
      .filter((message) => message.recipientId.startsWith('maire-'))
      .map((message) => message.recipientId);
    expect([...new Set(mayors)].sort()).toEqual(['maire-74010', 'maire-74281']);
    expect(
      outbox
        .filter((m) => m.audience === 'officials')
        .every((m) => m.communes.every((code) => ['74010', '74281'].includes(code))),
    ).toBe(true);
    for (const message of outbox) {
      const text = message.text ?? message.body ?? '';
      expect(text.startsWith('EXERCICE EXERCICE EXERCICE')).toBe(true);
      expect(text.endsWith('EXERCICE EXERCICE EXERCICE')).toBe(true);
      expect(message.to).toMatch(/^\+3363998\d{4}$|@example\.org$/);
    }
    // The activation's SMS (the communication cell's page, in the same outbox, is a message of its own).
    expect(outbox.find((m) => m.channel === 'sms' && m.audience === 'officials')).toMatchObject({
      encoding: 'GSM-7',
      parts: 1,
    });
  });

  it('names the commune whose mayor was withdrawn from the lists: the officials are not informed, at T0+45 nor at T0+60', async () => {
    const directory = dynamodbDirectoryStore(runtime.table);
    const [mayor] = (await directory.list('officials')).filter((contact) => contact.id === 'maire-74042');
    if (!mayor) throw new Error('the demo directory has a mayor of Bonneville');
    await directory.putAll([{ ...mayor, active: false }]);
    try {
      const accepted = await activate(activationBody({ area: { communes: ['74010', '74042'] } }));
      const id = accepted.body['id'] as string;

      const timeline = await evaluatedTimeline(id);
      const { body } = await call('GET', `/activations/${id}`, { role: 'quality' });

      expect(body['verdicts'][1]).toMatchObject({
        audience: 'officials',
        status: 'missed',
        metAt: null,
        coverage: { expected: 2, reached: 1, unreached: ['74042'] },
      });
      const warning = timeline.body['events'].find(
        (event: { type: string }) => event.type === 'warning.raised',
      );
      expect(warning.details).toMatchObject({
        pendingAudiences: ['officials'],
        unreachedCommunes: ['74042'],
      });
      const outbox = (await call('GET', `/outbox?activationId=${id}`)).body['messages'] as {
        audience: string;
        text?: string;
      }[];
      expect(outbox.find((message) => message.audience === 'cabinet')?.text).toContain(
        'Élus (1 commune sans élu joint)',
      );
    } finally {
      await directory.putAll([mayor]);
    }
  });

  it('says every commune of the demo directory can be reached, for any role', async () => {
    const { status, body } = await call('GET', '/directory/readiness', { role: 'comms' });

    expect(status).toBe(200);
    expect(body).toMatchObject({ department: '74', total: 279, reachable: 279, unreachable: [] });
    expect(body['summary']).toBe('279 communes sur 279 joignables');
    expect(z.safeParse(ReadinessResponse, body).error).toBeUndefined();
  });

  it('accepts a T0 70 minutes old and finds every verdict missed with a negative margin', async () => {
    const accepted = await activate(activationBody({ decidedAt: minutesAgo(70) }));
    expect(accepted.status).toBe(202);
    const id = accepted.body['id'] as string;
    await evaluatedTimeline(id);

    const { body } = await call('GET', `/activations/${id}`);
    expect(body['verdicts'].map((v: { status: string }) => v.status)).toEqual([
      'missed',
      'missed',
      'missed',
      'missed',
    ]);
    expect(body['verdicts'].every((v: { marginSeconds: number }) => v.marginSeconds < 0)).toBe(true);
  });

  it('answers the same result for the same key and body, and 409 for another body', async () => {
    const body = activationBody();
    const first = await call('POST', '/activations', { body, idempotencyKey: 'replayed-key-0001' });
    const again = await call('POST', '/activations', { body, idempotencyKey: 'replayed-key-0001' });
    const other = await call('POST', '/activations', {
      body: { ...body, title: 'Autre' },
      idempotencyKey: 'replayed-key-0001',
    });

    expect(again).toEqual(first);
    expect(other.status).toBe(409);
  });

  it('answers 400 naming each failing field, and creates nothing', async () => {
    const before = (await call('GET', '/activations')).body['items'].length;

    const response = await activate(
      activationBody({ eventType: 'tsunami', decidedAt: minutesAgo(-30), area: { communes: ['38185'] } }),
    );

    expect(response.status).toBe(400);
    expect(response.body['error'].fields.map((f: { field: string }) => f.field)).toEqual(['eventType']);
    const second = await activate(activationBody({ decidedAt: minutesAgo(-30) }));
    expect(second.body['error'].fields).toEqual([
      { field: 'decidedAt', message: 'T0 ne peut pas être dans le futur.' },
    ]);
    const third = await activate(activationBody({ area: { communes: ['38185'] } }));
    expect(third.body['error'].fields[0].field).toBe('area.communes[0]');
    expect((await call('GET', '/activations')).body['items'].length).toBe(before);
  });

  it('answers 401 without a token, 403 for a role that may not activate, 404 for an unknown id', async () => {
    expect((await call('GET', '/activations', { role: null })).status).toBe(401);
    expect(
      (
        await call('POST', '/activations', {
          role: 'quality',
          body: activationBody(),
          idempotencyKey: 'forbidden-0001',
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', '/activations/act-00000000000000000000')).status).toBe(404);
    expect((await call('GET', '/activations/act-00000000000000000000/timeline')).status).toBe(404);
  });

  it('lists activations newest T0 first, filtered by mode and year', async () => {
    await activate(activationBody({ mode: 'real', decidedAt: minutesAgo(2) }));

    const all = (await call('GET', '/activations?limit=100')).body['items'] as {
      decidedAt: string;
      mode: string;
    }[];
    const real = (await call('GET', '/activations?mode=real')).body['items'] as { mode: string }[];
    const none = (await call('GET', '/activations?year=2001')).body['items'] as unknown[];

    expect(all.map((a) => a.decidedAt)).toEqual([...all.map((a) => a.decidedAt)].sort().reverse());
    expect(real.length).toBeGreaterThan(0);
    expect(real.every((a) => a.mode === 'real')).toBe(true);
    expect(none).toEqual([]);
    expect((await call('GET', '/activations?year=soon')).body['error'].fields[0].field).toBe('year');
  });

  it('pages the list with a cursor', async () => {
    const first = (await call('GET', '/activations?limit=1')).body;
    const second = (await call('GET', `/activations?limit=1&cursor=${first['cursor']}`)).body;

    expect(first['items']).toHaveLength(1);
    expect(second['items'][0].id).not.toBe(first['items'][0].id);
    expect((await call('GET', '/activations?cursor=bm90LWpzb24')).status).toBe(400);
  });

  it('describes the API in OpenAPI, generated from the schemas', async () => {
    const { status, body } = await call('GET', '/openapi.json', { role: 'quality' });

    expect(status).toBe(200);
    expect(body['openapi']).toBe('3.1.0');
    expect(Object.keys(body['paths'])).toEqual(
      expect.arrayContaining(['/activations', '/activations/{id}', '/activations/{id}/timeline', '/outbox']),
    );
    const schema = body['paths']['/activations'].post.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(
      expect.arrayContaining(['mode', 'eventType', 'decidedAt', 'area', 'message']),
    );
    expect(schema.properties.eventType.enum).toContain('forest-fire');
  });

  it('serves the static site at the root, in French, and nothing outside web/', async () => {
    const page = await fetch(`${runtime.url}/`);
    const outside = await fetch(`${runtime.url}/..%2Fpackage.json`);
    const malformed = await fetch(`${runtime.url}/%E0%A4%A`);

    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('lang="fr"');
    expect(outside.status).toBe(404);
    expect(malformed.status).toBe(404);
  });
});
