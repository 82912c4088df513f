/**
 * A large department at a low rate (issue 9): 1,000 officials, the longest SMS a message may take (6 parts), and
 * an account of 10 parts a second, shared among the three audiences in proportion to their numbers; each batch
 * paces at its audience's share with a bucket of its own, as each Lambda invocation does on AWS. The real ASL on
 * the local runner, on real storage, with a manual clock that moves only when the senders wait for the rate:
 * the time each batch takes is the pacing's alone, whatever the speed of the machine.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowInputOf } from '#domain/activation';
import { recordedVerdicts } from '#domain/commitments';
import { BATCH_SENDING_SECONDS, largestBatchSize, MAX_DISPATCH_BATCH_SIZE } from '#domain/delivery';
import type { Contact } from '#domain/directory';
import { countSms, frameSms, MAX_SMS_PARTS } from '#domain/messages';
import { localStateMachine, MODULE7_ASL, type TaskHandler } from '#local/state-machine';
import { module7Tasks } from '#local/tasks';
import { fakeWorkflowEngine } from '#tests/helpers/fakes';
import { anActivation, someContacts, startTestTable, type TestTable } from '#tests/helpers/local-table';
import { eventually, manualClock } from '#tests/helpers/manual-clock';
import { acknowledgeAsUser } from '#use-cases/acknowledge-page';
import { pacedMessenger } from '#use-cases/paced-messenger';

const OFFICIALS = 1_000;
/** The account's rate: SNS's default for a sender ID. */
const RATE = 10;
const AREA = ['74010'];

/** Officials of Annecy with numbers of ARCEP's fiction range (06 39 98 xx xx), SMS only. */
const officials: Contact[] = Array.from({ length: OFFICIALS }, (_, index) => ({
  id: `elu-${String(index).padStart(4, '0')}`,
  audience: 'officials',
  function: 'deputy-mayor',
  name: `Élu ${index}`,
  phone: `+3363998${String(index).padStart(4, '0')}`,
  communes: AREA,
}));

/** A text of exactly MAX_SMS_PARTS parts once framed for an exercise: every batch takes its whole budget. */
const longestSms = (() => {
  let text = 'Crue du Fier.';
  while (countSms(frameSms(`${text} x`, 'exercise')).parts <= MAX_SMS_PARTS) text += ' x';
  return text;
})();

type Json = Record<string, unknown>;

const aslTimeoutOf = (state: string): number => {
  const find = (states: Record<string, Json>): Json | undefined => {
    for (const [name, value] of Object.entries(states)) {
      if (name === state) return value;
      const nested = [
        ...((value['Branches'] as Json[] | undefined) ?? []).map((branch) => branch['States']),
        (value['ItemProcessor'] as Json | undefined)?.['States'],
      ].filter(Boolean);
      for (const inner of nested) {
        const found = find(inner as Record<string, Json>);
        if (found) return found;
      }
    }
    return undefined;
  };
  return find(JSON.parse(readFileSync(MODULE7_ASL, 'utf8')).States)?.['TimeoutSeconds'] as number;
};

// One table for both: the press and the public line of the fixtures, and no official but the thousand (each
// activation has its own ledger).
let table: TestTable;
beforeAll(async () => {
  table = await startTestTable();
  await table.directory.putAll([
    ...someContacts.filter((contact) => contact.audience !== 'officials'),
    ...officials,
  ]);
}, 120_000);
afterAll(() => table.close());

describe('1,000 officials at 10 parts a second', () => {
  it('sends them in batches that each leave within their budget, one SMS each, and completes once', async () => {
    const activation = anActivation({
      area: { communes: AREA },
      communes: AREA,
      message: { sms: longestSms, email: { subject: 'Crue du Fier', body: 'Évitez les berges.' } },
    });
    expect(countSms(frameSms(longestSms, 'exercise')).parts).toBe(MAX_SMS_PARTS);
    await table.store.create(activation);
    const clock = manualClock(activation.acceptedAt);
    await acknowledgeAsUser(
      { activationId: activation.id, cell: 'communication', userId: 'comms-1' },
      { ...table, engine: fakeWorkflowEngine(), clockFor: () => clock },
    );

    // The sends wait for the rate on the manual clock; the test moves it to the earliest of their waits.
    const wakes: number[] = [];
    const forever = new AbortController().signal;
    const pacedAt = (partsPerSecond: number) =>
      pacedMessenger(table.outbox.messenger, {
        partsPerSecond,
        now: () => clock.now().getTime(),
        sleep: async (ms) => {
          const at = clock.now().getTime() + ms;
          wakes.push(at);
          try {
            await clock.until(new Date(at).toISOString(), forever);
          } finally {
            wakes.splice(wakes.indexOf(at), 1);
          }
        },
      });

    // Every batch's invocation, timed on the activation's clock.
    const batches: {
      audience: string;
      index: number;
      of: number;
      partsPerSecond: number;
      seconds: number;
    }[] = [];
    const tasks = module7Tasks(
      { ...table, messenger: table.outbox.messenger, pacedAt },
      () => ({ ackBaseUrl: 'http://127.0.0.1:3000' }),
      () => ({ partsPerSecond: RATE, maxBatchSize: MAX_DISPATCH_BATCH_SIZE }),
    );
    const machine = localStateMachine({
      tasks: (taskClock, signal) => {
        const table = tasks(taskClock, signal);
        const dispatch = table['DispatchAudience'];
        if (!dispatch) throw new Error('DispatchAudience has no handler');
        return {
          ...table,
          DispatchAudience: (async (input) => {
            const started = clock.now().getTime();
            const result = await dispatch(input);
            const { audience, batch } = input as {
              audience: string;
              batch: { index: number; of: number; partsPerSecond: number };
            };
            batches.push({
              audience,
              index: batch.index,
              of: batch.of,
              partsPerSecond: batch.partsPerSecond,
              seconds: (clock.now().getTime() - started) / 1_000,
            });
            return result;
          }) satisfies TaskHandler,
        };
      },
      clockOf: () => clock,
    });
    await machine.start(activation.executionName, { ...workflowInputOf(activation) });

    const completed = async () =>
      (await table.timeline.list(activation.id)).filter((event) => event.type === 'dispatch.completed');
    for (let turn = 0; (await completed()).length < 3; turn++) {
      if (wakes.length > 0) clock.set(new Date(Math.min(...wakes)).toISOString());
      else await new Promise((resolve) => setTimeout(resolve, 5));
      // 1,000 six-part SMS at nearly 10 parts a second: about 10 minutes, far ahead of the T0 + 45 check.
      expect(clock.now().getTime(), 'the dispatch outran the hour').toBeLessThan(
        Date.parse(activation.warnAt),
      );
      expect(turn, 'the dispatch stalled').toBeLessThan(200_000);
    }

    // The officials get nearly the whole rate (a thousand numbers against the press's and the public line's few),
    // and several batches of the size that share allows, each well within its task's timeout.
    const ofOfficials = batches.filter(({ audience }) => audience === 'officials');
    const share = ofOfficials[0]?.partsPerSecond ?? 0;
    expect(share).toBeGreaterThan(9.9);
    expect(share).toBeLessThan(RATE);
    const count = Math.ceil(OFFICIALS / largestBatchSize(share));
    expect(count).toBeGreaterThan(1);
    expect(ofOfficials.map(({ index }) => index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: count }, (_, index) => index),
    );
    expect(new Set(ofOfficials.map(({ of }) => of))).toEqual(new Set([count]));
    const longest = Math.max(...ofOfficials.map(({ seconds }) => seconds));
    // A full batch of 6-part SMS at its share: 120 s, less its second of burst.
    expect(longest).toBeGreaterThan(100);
    expect(longest).toBeLessThanOrEqual(BATCH_SENDING_SECONDS);
    expect(longest).toBeLessThan(aslTimeoutOf('DispatchAudience') / 2);
    // Together at the account's rate: every part of every audience within 2 % of the ideal time.
    const parts = (await table.outbox.list(activation.id))
      .filter(({ channel }) => channel === 'sms')
      .reduce((sum, message) => sum + (message.parts ?? 0), 0);
    const elapsed = (clock.now().getTime() - Date.parse(activation.acceptedAt)) / 1_000;
    expect(elapsed).toBeLessThan((parts / RATE) * 1.02);

    // Exactly one SMS per official, and the dispatch recorded once per audience.
    const sent = (await table.outbox.list(activation.id)).filter(
      (message) => message.audience === 'officials' && message.channel === 'sms',
    );
    const perOfficial = new Map<string, number>();
    for (const message of sent)
      perOfficial.set(message.recipientId, (perOfficial.get(message.recipientId) ?? 0) + 1);
    expect(perOfficial.size).toBe(OFFICIALS);
    expect([...perOfficial.values()].every((count) => count === 1)).toBe(true);
    const events = await completed();
    expect(events.map(({ audience }) => audience).sort()).toEqual(['officials', 'press', 'publicLine']);
    const officialsEvent = events.find(({ audience }) => audience === 'officials');
    expect(officialsEvent?.details).toMatchObject({
      recipients: OFFICIALS,
      sms: OFFICIALS,
      smsParts: MAX_SMS_PARTS,
      failed: 0,
      coverage: { expected: 1, reached: 1, unreached: [] },
    });

    // The rest of the hour as usual: M7-2 met for the three audiences, the execution ends.
    clock.set(activation.warnAt);
    await eventually(
      async () =>
        (await table.timeline.list(activation.id)).some((event) => event.type === 'checkpoint.passed')
          ? true
          : undefined,
      { what: 'the checkpoint' },
    );
    clock.set(activation.deadline);
    await machine.settled(activation.executionName);
    expect(machine.execution(activation.executionName)?.status).toBe('SUCCEEDED');
    expect((await completed()).length).toBe(3);
    const verdicts = recordedVerdicts(await table.timeline.list(activation.id)) ?? [];
    expect(verdicts.filter(({ commitment }) => commitment === 'M7-2').map(({ status }) => status)).toEqual([
      'met',
      'met',
      'met',
    ]);
  }, 300_000);
});

describe('past 50 batches', () => {
  it('takes the Distributed Map, which the local runner runs inline, with the same batches and ledger', async () => {
    const activation = anActivation({ area: { communes: AREA }, communes: AREA });
    await table.store.create(activation);
    const clock = manualClock(activation.acceptedAt);
    await acknowledgeAsUser(
      { activationId: activation.id, cell: 'communication', userId: 'comms-1' },
      { ...table, engine: fakeWorkflowEngine(), clockFor: () => clock },
    );
    const machine = localStateMachine({
      // 15 recipients a batch: 67 batches of officials, past the Choice's 50.
      tasks: module7Tasks(
        { ...table, messenger: table.outbox.messenger },
        () => ({ ackBaseUrl: 'http://127.0.0.1:3000' }),
        () => ({ partsPerSecond: RATE, maxBatchSize: 15 }),
      ),
      clockOf: () => clock,
    });
    await machine.start(activation.executionName, { ...workflowInputOf(activation) });
    await eventually(
      async () =>
        (await table.timeline.list(activation.id)).filter((event) => event.type === 'dispatch.completed')
          .length === 3
          ? true
          : undefined,
      { what: 'three dispatches', timeoutMs: 120_000 },
    );
    clock.set(activation.deadline);
    await machine.settled(activation.executionName);
    const entered = (machine.execution(activation.executionName)?.events ?? []).flatMap((event) =>
      'state' in event && event.type === 'StateEntered' ? [event.state.name] : [],
    );
    const times = (name: string) => entered.filter((state) => state === name).length;
    expect(times('DispatchBatchesAtScale')).toBe(1);
    expect(times('DispatchAudienceAtScale')).toBe(67);
    // The press and the public line: one batch each, inline.
    expect(times('DispatchBatches')).toBe(2);
    expect(times('CompleteAudience')).toBe(3);
    const sms = (await table.outbox.list(activation.id)).filter(
      (message) => message.audience === 'officials' && message.channel === 'sms',
    );
    expect(sms).toHaveLength(OFFICIALS);
    expect(new Set(sms.map(({ recipientId }) => recipientId)).size).toBe(OFFICIALS);
  }, 300_000);
});
