/**
 * The event after its first page, over HTTP on the embedded runtime with the demo directory: the prefect
 * orders the CIP, its operators acknowledge through their links, the numéro unique is published; a follow-up
 * goes out once per Idempotency-Key and carries the number; the prefect ends the alert (twice, harmlessly);
 * what comes after the end is refused. Then a CIP page waiting across a restart. Each activation's clock is
 * moved by the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '#local/runtime';
import { DEMO_CRISIS_NUMBER } from '#shared/contract';
import { apiClient } from '#tests/helpers/api-client';
import { eventually, manualClocks } from '#tests/helpers/manual-clock';

const client = (runtime: Runtime) => {
  const api = apiClient(runtime);
  const codesOf = async (id: string, recipientId: string) =>
    (await api.outbox(id))
      .filter((message) => message.recipientId === recipientId && message.channel === 'sms')
      .flatMap((message) => /\/ack\/([2-9A-Z]{10})/.exec(message.text ?? '')?.[1] ?? []);
  return { ...api, codesOf };
};

const press = (runtime: Runtime, code: string) =>
  fetch(`${runtime.url}/ack/${code}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
  }).then(async (response) => ({ status: response.status, html: await response.text() }));

/** The CIP operators on duty now, as the rosters' API says (the demo's day and night shifts differ). */
const onDutyNow = async (runtime: Runtime) => {
  const { body } = await client(runtime).call('GET', '/rosters', 'quality');
  const cip = (body['rosters'] as { cell: string; onDuty: { id: string }[] }[]).find(
    (roster) => roster.cell === 'cip',
  );
  return (cip?.onDuty ?? []).map((person) => person.id);
};

const UPDATE = {
  audiences: ['officials', 'press'],
  message: {
    sms: 'Point de situation : la décrue est amorcée.',
    email: { subject: 'Point de situation', body: 'La décrue est amorcée. Restez prudents.' },
  },
};

describe('the CIP, a follow-up and the end of the alert over HTTP', () => {
  const clocks = manualClocks();
  let runtime: Runtime;
  afterAll(() => runtime?.close());

  it('runs the whole event, each step once, and refuses what comes after the end', async () => {
    runtime = await startRuntime({ port: 0, clockFor: clocks.clockFor, log: () => {} });
    const api = client(runtime);
    const id = await api.activate();
    expect((await api.call('POST', `/activations/${id}/acknowledgements`, 'comms', {})).status).toBe(201);

    // Only the prefect orders the CIP; a CIP operator cannot acknowledge before the order.
    expect((await api.call('POST', `/activations/${id}/cip`, 'duty-officer')).status).toBe(403);
    const early = await api.call('POST', `/activations/${id}/acknowledgements`, 'comms', { cell: 'cip' });
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'cip_not_ordered' } } });
    const ordered = await api.call('POST', `/activations/${id}/cip`, 'prefect');
    expect(ordered.status).toBe(201);
    expect(ordered.body).toMatchObject({ quorum: 2, targetSeconds: 3_600, crisisNumber: DEMO_CRISIS_NUMBER });
    const again = await api.call('POST', `/activations/${id}/cip`, 'prefect');
    expect(again).toMatchObject({ status: 200, body: ordered.body });
    expect((await api.call('POST', '/activations/act-unknown/cip', 'prefect')).status).toBe(404);

    // Both operators on duty are paged; each presses their own link.
    const [first, second] = await onDutyNow(runtime);
    const codes = await eventually(
      async () => {
        const [a, b] = [
          (await api.codesOf(id, String(first)))[0],
          (await api.codesOf(id, String(second)))[0],
        ];
        return a && b ? [a, b] : undefined;
      },
      { what: 'the CIP pages' },
    );
    expect((await press(runtime, String(codes[0]))).html).toContain('assez de personnes');
    expect((await press(runtime, String(codes[1]))).html).toContain('La cellule est opérationnelle.');
    await api.until(
      id,
      (events) =>
        events.find((event) => event.type === 'message.dispatched' && event.subject === 'msg-crisis-number'),
      'the numéro unique published',
    );
    const publicLine = (await api.outbox(id)).filter(
      (message) => message.audience === 'publicLine' && message.channel === 'sms',
    );
    // Every line operator has the number once, besides the first message (the outbox is in clock order, and
    // this clock does not move: compare as sets).
    const withNumber = publicLine.filter((message) => message.text?.includes(DEMO_CRISIS_NUMBER));
    expect(withNumber.length).toBeGreaterThan(0);
    expect(new Set(withNumber.map((message) => message.recipientId)).size).toBe(withNumber.length);
    expect(await api.verdict(id, 'M7-4')).toMatchObject({ status: 'met' });

    // A follow-up: bad input names its field; the same key twice is one message; another body under it is 409.
    const bad = await api.call('POST', `/activations/${id}/messages`, 'comms', { ...UPDATE, audiences: [] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('audiences');
    expect((await api.call('POST', `/activations/${id}/messages`, 'quality', UPDATE)).status).toBe(403);
    const posted = await api.call(
      'POST',
      `/activations/${id}/messages`,
      'comms',
      UPDATE,
      'point-de-situation-1',
    );
    expect(posted.status).toBe(202);
    const replay = await api.call(
      'POST',
      `/activations/${id}/messages`,
      'comms',
      UPDATE,
      'point-de-situation-1',
    );
    expect(replay).toMatchObject({ status: 200, body: { id: posted.body['id'] } });
    const conflict = await api.call(
      'POST',
      `/activations/${id}/messages`,
      'comms',
      { ...UPDATE, audiences: ['press'] },
      'point-de-situation-1',
    );
    expect(conflict.status).toBe(409);
    await api.until(
      id,
      (events) =>
        events.filter((event) => event.type === 'message.dispatched' && event.subject === posted.body['id'])
          .length === 2
          ? true
          : undefined,
      'the follow-up sent to both audiences',
    );
    const updates = (await api.outbox(id)).filter(
      (message) => message.channel === 'sms' && message.text?.includes('décrue est amorcée'),
    );
    expect(new Set(updates.map((message) => message.recipientId)).size).toBe(updates.length);
    expect(updates.every((message) => message.text?.includes(DEMO_CRISIS_NUMBER))).toBe(true);
    expect(updates.some((message) => message.audience === 'publicLine')).toBe(false);

    // The end of the alert: the prefect only; twice is harmless.
    expect((await api.call('POST', `/activations/${id}/close`, 'comms', {})).status).toBe(403);
    const closed = await api.call('POST', `/activations/${id}/close`, 'prefect', {});
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      closedBy: 'demo-prefect',
      endMessage: { id: 'msg-end', audiences: ['officials', 'press', 'publicLine'] },
    });
    const closedAgain = await api.call('POST', `/activations/${id}/close`, 'prefect', {});
    expect(closedAgain).toMatchObject({ status: 200, body: { closedAt: closed.body['closedAt'] } });
    await api.until(
      id,
      (events) =>
        events.filter((event) => event.type === 'message.dispatched' && event.subject === 'msg-end')
          .length === 3
          ? true
          : undefined,
      'the fin d’alerte sent',
    );
    const ends = (await api.outbox(id)).filter(
      (message) => message.channel === 'sms' && message.text?.includes('Fin d’alerte'),
    );
    expect(new Set(ends.map((message) => message.recipientId)).size).toBe(ends.length);
    expect(ends.length).toBeGreaterThan(0);

    // After the end: no order, no message, no acknowledgement; the activation says closed.
    const after = await api.call('POST', `/activations/${id}/messages`, 'comms', UPDATE);
    expect(after).toMatchObject({ status: 409, body: { error: { code: 'activation_closed' } } });
    expect((await api.call('POST', `/activations/${id}/acknowledgements`, 'comms', {})).status).toBe(409);
    expect((await api.call('GET', `/activations/${id}`, 'quality')).body['activation']).toMatchObject({
      status: 'closed',
      closedBy: 'demo-prefect',
    });
    const types = (await api.events(id)).map((event) => event.type);
    expect(types.filter((type) => type === 'activation.closed')).toHaveLength(1);
    expect(types.filter((type) => type === 'cip.ordered')).toHaveLength(1);
  });
});

describe('a CIP page waiting across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'module7-cip-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is not sent again and its links still make the CIP operational after the restart', async () => {
    const clocks = manualClocks();
    const first = await startRuntime({ port: 0, dataDir, clockFor: clocks.clockFor, log: () => {} });
    const id = await client(first).activate();
    await client(first).call('POST', `/activations/${id}/acknowledgements`, 'comms', {});
    expect((await client(first).call('POST', `/activations/${id}/cip`, 'prefect')).status).toBe(201);
    const [one, two] = await onDutyNow(first);
    const codes = await eventually(
      async () => {
        const api = client(first);
        const [a, b] = [(await api.codesOf(id, String(one)))[0], (await api.codesOf(id, String(two)))[0]];
        return a && b ? [a, b] : undefined;
      },
      { what: 'the CIP pages' },
    );
    clocks.advance(120);
    await first.close();

    const second = await startRuntime({ port: 0, dataDir, clockFor: clocks.clockFor, log: () => {} });
    try {
      const api = client(second);
      await eventually(async () => second.machine.execution(`${id}-cip`), { what: 'the CIP re-armed' });
      for (const code of codes) expect((await press(second, String(code))).status).toBe(200);
      await api.until(
        id,
        (events) =>
          events.find(
            (event) => event.type === 'message.dispatched' && event.subject === 'msg-crisis-number',
          ),
        'the numéro unique published after the restart',
      );
      const pages = (await api.events(id)).filter(
        (event) => event.type === 'cell.paged' && event.details['cell'] === 'cip',
      );
      expect(pages).toHaveLength(2);
      expect(await api.verdict(id, 'M7-4')).toMatchObject({ status: 'met' });
    } finally {
      await second.close();
    }
  });
});
