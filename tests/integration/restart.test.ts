/** The runtime on disk: a restart keeps every activation and timeline and re-arms what is in flight. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signToken } from '#local/auth';
import { startRuntime } from '#local/runtime';

describe('the runtime on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'module7-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const get = async (url: string, token: string) =>
    (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<unknown>;

  it('keeps activations and timelines across a restart and re-arms the activation still in flight', async () => {
    const first = await startRuntime({ port: 0, dataDir, clockSpeed: 1, log: () => {} });
    const token = await signToken(first.key, 'duty-officer');
    const response = await fetch(`${first.url}/activations`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': 'restart-key-0001',
      },
      body: JSON.stringify({
        mode: 'exercise',
        eventType: 'storm',
        title: 'Tempête sur le Chablais',
        synergiRef: 'SYN-2026-0077',
        decidedAt: new Date().toISOString(),
        area: { arrondissements: ['744'] },
        message: {
          sms: 'Tempête : restez chez vous.',
          email: { subject: 'Tempête', body: 'Restez chez vous.' },
        },
      }),
    });
    const { id } = (await response.json()) as { id: string };
    const informed = async (url: string) => {
      for (let i = 0; i < 200; i++) {
        const { events } = (await get(`${url}/activations/${id}/timeline`, token)) as {
          events: { type: string }[];
        };
        if (events.filter((event) => event.type === 'dispatch.completed').length === 3) return events;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the audiences were not informed in time');
    };
    const before = await informed(first.url);
    await first.close();

    const logs: string[] = [];
    // Restarted faster: the activation's clock, anchored at its acceptance, is now far past T0 + 1 h.
    const second = await startRuntime({
      port: 0,
      dataDir,
      clockSpeed: 100_000,
      log: (line) => logs.push(line),
    });
    try {
      expect(logs).toContain('Re-armed 1 activation(s) in flight.');
      expect(await signToken(second.key, 'duty-officer')).toBeTruthy();
      let events: { type: string }[] = [];
      for (let i = 0; i < 200 && !events.some((event) => event.type === 'commitments.evaluated'); i++) {
        ({ events } = (await get(`${second.url}/activations/${id}/timeline`, token)) as {
          events: { type: string }[];
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(events.slice(0, before.length)).toEqual(before);
      expect(events.filter((event) => event.type === 'dispatch.completed')).toHaveLength(3);
      expect(events.map((event) => event.type)).toContain('commitments.evaluated');
      const { messages } = (await get(`${second.url}/outbox?activationId=${id}`, token)) as {
        messages: { recipientId: string; channel: string }[];
      };
      const sent = messages.map((message) => `${message.channel}:${message.recipientId}`);
      expect(new Set(sent).size).toBe(sent.length);
    } finally {
      await second.close();
    }
  });

  it('refuses a second runtime on the same data folder', async () => {
    const first = await startRuntime({ port: 0, dataDir, log: () => {} });
    try {
      await expect(startRuntime({ port: 0, dataDir, log: () => {} })).rejects.toThrow(/déjà utilisé/);
    } finally {
      await first.close();
    }
  });

  it('refuses a data folder made for another department, and releases it for the right one', async () => {
    await expect(startRuntime({ port: 0, dataDir, department: '38', log: () => {} })).rejects.toThrow(
      /créé pour le département 74 : il ne peut pas servir au département 38/,
    );
    const again = await startRuntime({ port: 0, dataDir, department: '74', log: () => {} });
    await again.close();
  });

  it('recognises a folder made before the guard by its directory', async () => {
    const legacy = mkdtempSync(join(tmpdir(), 'module7-legacy-'));
    try {
      const first = await startRuntime({ port: 0, dataDir: legacy, log: () => {} });
      await first.close();
      rmSync(join(legacy, 'department'));

      await expect(
        startRuntime({ port: 0, dataDir: legacy, department: '38', log: () => {} }),
      ).rejects.toThrow(/département 74/);
    } finally {
      rmSync(legacy, { recursive: true, force: true });
    }
  });
});
