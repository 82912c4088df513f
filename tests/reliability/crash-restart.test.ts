/**
 * Crashes for real: `npm start` as a child process killed with SIGKILL at several points of a department-wide
 * dispatch and during the hour, then restarted on the same data folder; and a SIGTERM during a dispatch.
 * Afterwards every recipient has exactly one message, or two with a `send.uncertain` event explaining the
 * second; nothing is lost; the recorded verdicts are the ones the API computes; the activation is settled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDepartment } from '#adapters/etalab-geography';
import { demoDirectory } from '#local/demo-directory';
import { activationBody, minutesAgo } from '#tests/helpers/activation-request';
import { type ChildRuntime, startChildRuntime } from '#tests/helpers/child-runtime';
import { eventually } from '#tests/helpers/manual-clock';

const directory = demoDirectory(loadDepartment('74'));
/** The M7-2 audiences: the cabinet is warned, the people on call are paged, neither is informed. */
const informed = directory.filter(
  (contact) => contact.audience !== 'cabinet' && contact.audience !== 'onCall',
);

/**
 * Posts an activation, then has a `comms` user take the communication cell's duty at once (the M7-1 paths
 * are tested in tests/workflows/communication-cell.test.ts): the cell's branch ends, the hour can settle.
 */
const activate = async (runtime: ChildRuntime, body: unknown, key: string) => {
  const accepted = await runtime.post('/activations', body, { 'idempotency-key': key });
  expect(accepted.status).toBe(202);
  const id = accepted.body.id as string;
  const acknowledged = await runtime.post(`/activations/${id}/acknowledgements`, {}, {}, 'comms');
  expect(acknowledged.status).toBe(201);
  return id;
};

const activationOf = (decidedAt: string, area: unknown) =>
  activationBody({
    title: 'Crue de l’Arve',
    synergiRef: 'SYN-2026-0101',
    decidedAt,
    area,
  });

interface OutboxMessage {
  recipientId: string;
  channel: 'sms' | 'email';
  audience: string;
}

const totals = {
  faults: 0,
  restarts: 0,
  messages: 0,
  recipients: 0,
  explainedDuplicates: 0,
  unexplained: 0,
  lost: 0,
};

/** Counts the messages of each recipient against the uncertain sends the timeline explains. */
const audit = async (runtime: ChildRuntime, id: string, recipients: typeof directory) => {
  const { messages } = (await runtime.get(`/outbox?activationId=${id}`)).body as {
    messages: OutboxMessage[];
  };
  const { events } = (await runtime.get(`/activations/${id}/timeline`)).body as {
    events: { type: string; details: Record<string, unknown> }[];
  };
  // A recipient may be sent a message twice for each uncertain send of theirs on that channel.
  const uncertain = new Map<string, number>();
  for (const event of events.filter((candidate) => candidate.type === 'send.uncertain')) {
    const channel = String(event.details['messageKey']).includes('email') ? 'email' : 'sms';
    const key = `${channel}#${String(event.details['recipientId'])}`;
    uncertain.set(key, (uncertain.get(key) ?? 0) + 1);
  }
  const counts = new Map<string, number>();
  for (const message of messages) {
    const key = `${message.channel}#${message.recipientId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const unexplained = [...counts].filter(([key, count]) => count > 1 + (uncertain.get(key) ?? 0));
  const lost = recipients.flatMap((contact) =>
    (['sms', 'email'] as const)
      .filter((channel) => !counts.has(`${channel}#${contact.id}`))
      .map((c) => `${c}#${contact.id}`),
  );
  const duplicates = [...counts.values()].filter((count) => count > 1).length;
  totals.messages += messages.length;
  totals.recipients += recipients.length;
  totals.explainedDuplicates += duplicates - unexplained.length;
  totals.unexplained += unexplained.length;
  totals.lost += lost.length;
  return { messages, events, unexplained, lost };
};

const settled = (runtime: ChildRuntime, id: string) =>
  eventually(
    async () => {
      const { body } = await runtime.get(`/activations/${id}`);
      return body.activation?.settledAt ? body : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 250, what: `activation ${id} to settle` },
  );

describe('crash and restart of the embedded runtime', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'module7-crash-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    console.log(`reliability: ${JSON.stringify(totals)}`);
  });

  it.each([0, 200, 450])(
    'SIGKILL after %i messages of a department-wide dispatch: restarted at once, every recipient informed, none twice without a recorded uncertainty',
    async (afterMessages) => {
      const dir = dataDir();
      const first = await startChildRuntime(dir);
      const id = await activate(
        first,
        activationOf(minutesAgo(70), { department: true }),
        `crash-${afterMessages}-${Date.now()}`,
      );
      await eventually(
        async () =>
          (await first.get(`/outbox?activationId=${id}`)).body.messages.length >= afterMessages
            ? true
            : undefined,
        { timeoutMs: 60_000, intervalMs: 5, what: `${afterMessages} messages` },
      );
      first.child.kill('SIGKILL');
      expect(await first.exited).toBe('SIGKILL');
      totals.faults += 1;

      const second = await startChildRuntime(dir);
      totals.restarts += 1;
      try {
        const { verdicts, activation } = await settled(second, id);
        const { unexplained, lost, events } = await audit(second, id, informed);

        expect(unexplained).toEqual([]);
        expect(lost).toEqual([]);
        const completed = events.filter((event) => event.type === 'dispatch.completed');
        expect(completed.map((event) => event.details['sms'])).toHaveLength(3);
        const recorded = events.filter((event) => event.type.startsWith('commitments.')).at(-1);
        expect(recorded?.details['verdicts']).toEqual(verdicts);
        expect(activation.evaluatedAt).toBeDefined();
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exited).toBe(0);
      }
    },
    180_000,
  );

  it('SIGKILL during the hour: the restart resumes the timer and records the verdicts met', async () => {
    const dir = dataDir();
    const first = await startChildRuntime(dir);
    const postedAt = Date.now();
    const id = await activate(
      first,
      activationOf(minutesAgo(30), { communes: ['74010', '74281'] }),
      `crash-hour-${Date.now()}`,
    );
    await eventually(
      async () => {
        const { events } = (await first.get(`/activations/${id}/timeline`)).body;
        return events.filter((event: { type: string }) => event.type === 'dispatch.completed').length === 3
          ? true
          : undefined;
      },
      { what: 'the three dispatches' },
    );
    first.child.kill('SIGKILL');
    await first.exited;
    totals.faults += 1;
    // At a thousand times real time, the activation's clock (anchored at its acceptance) is past T0 + 1 h as
    // soon as two real seconds have passed since then.
    await eventually(() => (Date.now() - postedAt > 2_500 ? true : undefined), { what: 'two seconds' });

    const second = await startChildRuntime(dir, { CLOCK_SPEED: '1000' });
    totals.restarts += 1;
    try {
      const { verdicts } = await settled(second, id);
      const { unexplained, lost, events } = await audit(
        second,
        id,
        informed.filter(
          (contact) =>
            !contact.communes || contact.communes.some((code) => ['74010', '74281'].includes(code)),
        ),
      );

      expect(unexplained).toEqual([]);
      expect(lost).toEqual([]);
      expect(events.map((event: { type: string }) => event.type)).toContain('checkpoint.passed');
      expect(verdicts.map((verdict: { status: string }) => verdict.status)).toEqual([
        'met',
        'met',
        'met',
        'met',
      ]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);

  it('SIGTERM during a dispatch: exits 0 with the sends in flight confirmed, releases the folder, and the restart finishes without a duplicate', async () => {
    const dir = dataDir();
    const first = await startChildRuntime(dir);
    const id = await activate(
      first,
      activationOf(minutesAgo(70), { department: true }),
      `term-${Date.now()}`,
    );
    await eventually(
      async () =>
        (await first.get(`/outbox?activationId=${id}`)).body.messages.length >= 100 ? true : undefined,
      { timeoutMs: 60_000, what: '100 messages' },
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).not.toMatch(/Database is closed|Error/);
    totals.faults += 1;

    const second = await startChildRuntime(dir);
    totals.restarts += 1;
    try {
      await settled(second, id);
      const { unexplained, lost, events, messages } = await audit(second, id, informed);

      expect(unexplained).toEqual([]);
      expect(lost).toEqual([]);
      expect(events.filter((event: { type: string }) => event.type === 'send.uncertain')).toEqual([]);
      const perRecipient = new Set(messages.map((message) => `${message.channel}#${message.recipientId}`));
      expect(perRecipient.size).toBe(messages.length);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
