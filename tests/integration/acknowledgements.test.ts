/**
 * The acknowledgement of a page over HTTP on the embedded runtime: the link's page (public, changes nothing),
 * its button (once), a `comms` user in the API, and a restart while a page waits. Each activation's clock is
 * moved by the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '#local/runtime';
import { apiClient } from '#tests/helpers/api-client';
import { eventually, manualClocks } from '#tests/helpers/manual-clock';

const client = (runtime: Runtime) => {
  const api = apiClient(runtime);
  /** The code of the latest page SMS of the activation, once it is sent. */
  const pageCode = (id: string, recipientId?: string) =>
    eventually(
      async () => {
        const messages = await api.outbox(id);
        const page = messages.findLast(
          (message) =>
            message.audience === 'onCall' &&
            message.channel === 'sms' &&
            (!recipientId || message.recipientId === recipientId),
        );
        const code = /\/ack\/([2-9A-Z]{10})/.exec(page?.text ?? '')?.[1];
        return code ? { code, recipientId: page?.recipientId ?? '', text: page?.text ?? '' } : undefined;
      },
      { what: `the page of ${id}` },
    );
  return { ...api, pageCode };
};

const page = async (runtime: Runtime, code: string, method: 'GET' | 'POST') => {
  // What a phone's browser sends: no token, a form with no field.
  const response = await fetch(`${runtime.url}/ack/${code}`, {
    method,
    ...(method === 'POST'
      ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }
      : {}),
  });
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
};

describe('acknowledging a page over HTTP', () => {
  const clocks = manualClocks();
  let runtime: Runtime;
  afterAll(() => runtime?.close());

  it('opening the link changes nothing; its button takes the duty once; M7-1 is met', async () => {
    runtime = await startRuntime({ port: 0, clockFor: clocks.clockFor, log: () => {} });
    const api = client(runtime);
    const id = await api.activate();
    const { code, text } = await api.pageCode(id);
    expect(text).toContain(`${runtime.url}/ack/${code}`);

    // A preview (messaging apps open links) or a person reading: a page with the button, nothing recorded.
    for (let i = 0; i < 2; i++) {
      const opened = await page(runtime, code, 'GET');
      expect(opened.status).toBe(200);
      expect(opened.type).toBe('text/html; charset=utf-8');
      expect(opened.html).toContain('Je prends l’astreinte');
      expect(opened.html).toContain('EXERCICE');
      expect(opened.html).not.toContain('<script');
    }
    expect((await api.events(id)).some((event) => event.type === 'cell.acknowledged')).toBe(false);

    const pressed = await page(runtime, code, 'POST');
    expect(pressed.status).toBe(200);
    expect(pressed.html).toContain('La cellule est opérationnelle.');
    const again = await page(runtime, code, 'POST');
    expect(again.status).toBe(409);
    expect(again.html).toContain('Ce lien a déjà servi');
    expect((await page(runtime, code, 'GET')).html).toContain('Ce lien a déjà servi');

    const recorded = await api.events(id);
    expect(recorded.filter((event) => event.type === 'cell.acknowledged')).toHaveLength(1);
    expect(recorded.filter((event) => event.type === 'cell.operational')).toHaveLength(1);
    // Met as soon as the cell is operational before T0 + 60, with its margin.
    expect(await api.verdict(id, 'M7-1')).toMatchObject({ status: 'met', metAt: expect.any(String) });
    expect((await page(runtime, 'NOTACODE12', 'POST')).status).toBe(404);
  });

  it('a comms user takes the duty in the API: 201, the cell is operational, nobody more is paged', async () => {
    const api = client(runtime);
    const id = await api.activate();
    const taken = await api.call('POST', `/activations/${id}/acknowledgements`, 'comms', {
      cell: 'communication',
    });
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ cell: 'communication', operational: true });
    expect((await api.call('POST', `/activations/${id}/acknowledgements`, 'quality', {})).status).toBe(403);
    expect((await api.call('POST', '/activations/act-unknown/acknowledgements', 'comms', {})).status).toBe(
      404,
    );
    clocks.advance(3_600);
    await eventually(async () => ((await api.verdict(id, 'M7-1'))?.['status'] === 'met' ? true : undefined), {
      what: 'M7-1 met',
    });
    expect((await api.events(id)).filter((event) => event.type === 'cell.paged').length).toBeLessThanOrEqual(
      1,
    );
  });
});

describe('a page waiting across a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'module7-ack-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is not sent again, escalates ten minutes after the page (not after the restart), and its link still works', async () => {
    const clocks = manualClocks();
    const first = await startRuntime({ port: 0, dataDir, clockFor: clocks.clockFor, log: () => {} });
    const id = await client(first).activate();
    const { code, recipientId } = await client(first).pageCode(id);
    // Five minutes after the page, the process stops.
    clocks.advance(5 * 60);
    await first.close();

    const second = await startRuntime({ port: 0, dataDir, clockFor: clocks.clockFor, log: () => {} });
    try {
      const api = client(second);
      // The re-armed step finds its page: no second SMS, and it waits for the same link.
      await eventually(async () => ((await second.machine.execution(id)) ? true : undefined), {
        what: 're-armed',
      });
      const paged = (await api.events(id)).filter((event) => event.type === 'cell.paged');
      expect(paged).toHaveLength(1);
      const sms = (
        (await api.call('GET', `/outbox?activationId=${id}`, 'quality')).body['messages'] as {
          audience: string;
          channel: string;
        }[]
      ).filter((message) => message.audience === 'onCall' && message.channel === 'sms');
      expect(sms).toHaveLength(1);
      // Nine minutes after the page (four after the restart): not escalated yet.
      clocks.advance(4 * 60);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await api.events(id)).filter((event) => event.type === 'cell.paged')).toHaveLength(1);
      // Ten minutes after the page, not after the restart: the next person on call is paged.
      clocks.advance(60);
      await eventually(
        async () =>
          (await api.events(id)).filter((event) => event.type === 'cell.paged').length === 2
            ? true
            : undefined,
        { what: 'the escalation' },
      );

      const pressed = await page(second, code, 'POST');
      expect(pressed.status).toBe(200);
      const events = await api.events(id);
      expect(events.find((event) => event.type === 'cell.acknowledged')?.details['by']).toBe(recipientId);
      clocks.advance(3_600);
      await eventually(
        async () => ((await api.verdict(id, 'M7-1'))?.['status'] === 'met' ? true : undefined),
        {
          what: 'M7-1 met',
        },
      );
      expect((await api.events(id)).filter((event) => event.type === 'cell.paged')).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
