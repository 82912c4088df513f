/**
 * Named scenarios of workflows/module7.asl.json, run by the local runner on real storage with a manual clock
 * that the test advances: the states taken (counted, from the execution's event log), the timeline left, and
 * the verdicts. Nothing here depends on how fast the machine is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Activation, workflowInputOf } from '#domain/activation';
import { computeVerdicts, recordedVerdicts, type Verdict } from '#domain/commitments';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';
import type { DirectoryStore, Messenger, TimelineStore } from '#domain/ports';
import type { TimelineEvent } from '#domain/timeline';
import { localStateMachine } from '#local/state-machine';
import { module7Tasks } from '#local/tasks';
import { fakeWorkflowEngine } from '#tests/helpers/fakes';
import { FIRST_HOUR_ON_TIME } from '#tests/helpers/fixtures';
import { anActivation, someContacts, startTestTable, type TestTable } from '#tests/helpers/local-table';
import { eventually, type ManualClock, manualClock } from '#tests/helpers/manual-clock';
import { acknowledgeAsUser } from '#use-cases/acknowledge-page';

const NO_RETRY_DELAY = Object.fromEntries(
  [
    'RecordActivation',
    'DispatchAudience',
    'RecordDispatchFailure',
    'CheckInforming',
    'EvaluateCommitments',
    'SettleCommitments',
    'PageCommunicationCell',
    'AlertCommunicationCellUnanswered',
  ].map((name) => [name, 0]),
);

const PAGING = { ackBaseUrl: 'http://127.0.0.1:3000' };

/** The M7-2 steps of a timeline (the cell's steps are the M7-1 scenarios' own). */
const typesOf = (events: readonly TimelineEvent[]) =>
  events
    .filter((event) => !event.type.startsWith('cell.'))
    .map((event) => [event.type, event.audience].filter(Boolean).join(':'))
    .sort();

/** The states of the communication cell's branch, left out of the M7-2 scenarios' counts. */
const CELL_STATES = new Set([
  'StartPagingCommunicationCell',
  'PageCommunicationCell',
  'EscalateCommunicationCell',
  'AlertCommunicationCellUnanswered',
  'CommunicationCellOperational',
  'CommunicationCellPagingInterrupted',
]);

const count = (names: readonly string[]) => {
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
};

/** The M7-2 verdicts, as `audience:status`. */
const statuses = (verdicts: readonly Verdict[] | undefined) =>
  m72(verdicts).map((verdict) => `${verdict.audience}:${verdict.status}`);

const m72 = (verdicts: readonly Verdict[] | undefined) =>
  (verdicts ?? []).filter((verdict) => verdict.commitment === 'M7-2');

describe('module7 state machine', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await startTestTable();
    await table.directory.putAll(someContacts);
  });
  afterAll(() => table.close());

  /** Starts the activation's workflow on a manual clock at its acceptance; nothing moves until the test says. */
  const start = async (
    activation: Activation,
    overrides: { messenger?: Messenger; directory?: DirectoryStore; timeline?: TimelineStore } = {},
    clock: ManualClock = manualClock(activation.acceptedAt),
    cell: 'acknowledged' | 'paged' = 'acknowledged',
  ) => {
    await table.store.create(activation);
    // The M7-2 scenarios start with the communication cell acknowledged in the API: its branch ends at once.
    if (cell === 'acknowledged') {
      await acknowledgeAsUser(
        { activationId: activation.id, cell: 'communication', userId: 'comms-1' },
        { ...table, engine: fakeWorkflowEngine(), clockFor: () => clock },
      );
    }
    const machine = localStateMachine({
      tasks: module7Tasks({ ...table, messenger: table.outbox.messenger, ...overrides }, () => PAGING),
      clockOf: () => clock,
      retryIntervalOverrides: NO_RETRY_DELAY,
    });
    await machine.start(activation.executionName, { ...workflowInputOf(activation) });
    const timeline = () => table.timeline.list(activation.id);
    const has = (type: string, audience?: string) => async () =>
      (await timeline()).some((event) => event.type === type && (!audience || event.audience === audience))
        ? true
        : undefined;
    /** Resolves when `n` audiences have a dispatch recorded as completed or failed. */
    const dispatched = (n: number) =>
      eventually(
        async () =>
          (await timeline()).filter(
            (event) => event.type === 'dispatch.completed' || event.type === 'dispatch.failed',
          ).length >= n
            ? true
            : undefined,
        { what: `${n} dispatches` },
      );
    const ended = async () => {
      await machine.settled(activation.executionName);
      const execution = machine.execution(activation.executionName);
      const events = execution?.events ?? [];
      return {
        status: execution?.status,
        error: execution?.error,
        entered: events.flatMap((event) =>
          'state' in event && event.type === 'StateEntered' && !CELL_STATES.has(event.state.name)
            ? [event.state.name]
            : [],
        ),
        retried: events.flatMap((event) =>
          'state' in event && event.type === 'StateRetried' ? [event.state.name] : [],
        ),
        timeline: await timeline(),
        outbox: await table.outbox.list(activation.id),
        stored: await table.store.get(activation.id),
      };
    };
    return { clock, timeline, has, dispatched, ended };
  };

  it('happy path: records T0, informs the three audiences, passes the checkpoint at T0+45, finds every verdict met at T0+60 and settles', async () => {
    const activation = anActivation();
    const run = await start(activation);

    await run.dispatched(3);
    // Parked on its timer until the clock moves.
    expect(typesOf(await run.timeline())).not.toContain('checkpoint.passed');
    run.clock.set(activation.warnAt);
    await eventually(run.has('checkpoint.passed'), { what: 'the checkpoint' });
    run.clock.set(activation.deadline);
    const { status, entered, timeline, stored } = await run.ended();

    expect(status).toBe('SUCCEEDED');
    expect(count(entered)).toEqual({
      WhatToRun: 1,
      RecordActivation: 1,
      FirstHour: 1,
      WaitUntilWarning: 1,
      CheckInforming: 1,
      WaitUntilDeadline: 1,
      EvaluateCommitments: 1,
      InformAudiences: 1,
      // Each audience: planned, its one batch sent, then completed.
      PlanAudience: 3,
      HowManyAudienceBatches: 3,
      DispatchBatches: 3,
      DispatchAudience: 3,
      CompleteAudience: 3,
      SettleCommitments: 1,
      IsFirstHourComplete: 1,
      FirstHourRecorded: 1,
    });
    const timer = entered.filter((name) =>
      [
        'RecordActivation',
        'CheckInforming',
        'EvaluateCommitments',
        'SettleCommitments',
        'FirstHourRecorded',
      ].includes(name),
    );
    expect(timer).toEqual([
      'RecordActivation',
      'CheckInforming',
      'EvaluateCommitments',
      'SettleCommitments',
      'FirstHourRecorded',
    ]);
    expect(typesOf(timeline)).toEqual(FIRST_HOUR_ON_TIME);
    const evaluated = timeline.find((event) => event.type === 'commitments.evaluated');
    expect(evaluated?.at).toBe(activation.deadline);
    const verdicts = evaluated?.details['verdicts'] as Verdict[];
    expect(statuses(verdicts)).toEqual(['officials:met', 'press:met', 'publicLine:met']);
    // Informed at 10:03 on the activation's clock, due at 11:00: 57 minutes ahead.
    expect(m72(verdicts).map((verdict) => verdict.marginSeconds)).toEqual([3_420, 3_420, 3_420]);
    expect(stored?.settledAt).toBe(activation.deadline);
  });

  for (const { provider, channel, what, refusal } of [
    { provider: 'SNS', channel: 'sms' as const, what: 'SMS', refusal: 'Rate exceeded' },
    { provider: 'SES', channel: 'email' as const, what: 'e-mail', refusal: 'Maximum sending rate exceeded' },
  ]) {
    it(`${provider} throttled then recovers: the press ${what} fails twice, goes on the third try, and no message is sent twice`, async () => {
      const activation = anActivation();
      let throttles = 2;
      const refuseTwice =
        <M extends { audience: string }>(send: (message: M) => Promise<{ messageId: string }>) =>
        async (message: M) => {
          if (message.audience === 'press' && throttles > 0) {
            throttles -= 1;
            throw new TransientDeliveryError(refusal);
          }
          return send(message);
        };
      const outbox = table.outbox.messenger;
      const flaky: Messenger = {
        sendSms: channel === 'sms' ? refuseTwice(outbox.sendSms) : outbox.sendSms,
        sendEmail: channel === 'email' ? refuseTwice(outbox.sendEmail) : outbox.sendEmail,
      };
      const run = await start(activation, { messenger: flaky });
      await run.dispatched(3);
      run.clock.set(activation.deadline);

      const { status, retried, timeline, outbox: sentMessages } = await run.ended();

      expect(status).toBe('SUCCEEDED');
      expect(retried).toEqual(['DispatchAudience', 'DispatchAudience']);
      expect(
        timeline.find((event) => event.type === 'dispatch.completed' && event.audience === 'press')?.details,
      ).toMatchObject({ sms: 1, emails: 1 });
      const sent = sentMessages.map((message) => `${message.channel}:${message.recipientId}`);
      expect(sent.sort()).toEqual([
        'email:maire-74010',
        'email:presse-1',
        'sms:ligne-public-1',
        'sms:maire-74010',
        'sms:maire-74281',
        'sms:presse-1',
      ]);
    });
  }

  it('one mayor’s number refused for good: recorded for that mayor with its reason, everyone else informed, no retry, the commune unreached, the cabinet warned and the officials’ verdict missed', async () => {
    const activation = anActivation();
    const outbox = table.outbox.messenger;
    const refusingThonon: Messenger = {
      sendSms: async (message) => {
        if (message.recipient.id === 'maire-74281') {
          throw new PermanentDeliveryError('Numéro refusé par SNS (InvalidParameterException)');
        }
        return outbox.sendSms(message);
      },
      sendEmail: outbox.sendEmail,
    };
    const run = await start(activation, { messenger: refusingThonon });
    await run.dispatched(3);
    run.clock.set(activation.deadline);

    const { status, retried, entered, timeline, outbox: sentMessages } = await run.ended();

    expect(status).toBe('SUCCEEDED');
    expect(retried).toEqual([]);
    expect(count(entered)['RecordDispatchFailure']).toBeUndefined();
    // Thonon-les-Bains reached by nobody: at T0+45 the officials are not informed, and the cabinet is warned.
    expect(sentMessages.map((message) => `${message.channel}:${message.recipientId}`).sort()).toEqual([
      'email:maire-74010',
      'email:presse-1',
      'sms:cabinet-1',
      'sms:ligne-public-1',
      'sms:maire-74010',
      'sms:presse-1',
    ]);
    expect(timeline.find((event) => event.type === 'warning.raised')?.details).toMatchObject({
      pendingAudiences: ['officials'],
    });
    expect(
      timeline.find((event) => event.type === 'dispatch.completed' && event.audience === 'officials')
        ?.details,
    ).toMatchObject({
      failed: 1,
      failedRecipients: ['maire-74281'],
      coverage: { expected: 2, reached: 1, unreached: ['74281'] },
    });
    expect(await table.ledger.list(activation.id)).toContainEqual(
      expect.objectContaining({
        messageKey: 'sms#maire-74281',
        status: 'failed',
        reason: 'Numéro refusé par SNS (InvalidParameterException)',
      }),
    );
    expect(statuses(recordedVerdicts(timeline))).toEqual(['officials:missed', 'press:met', 'publicLine:met']);
  });

  it('nobody to inform: the audience’s failure is recorded, the cabinet is warned at T0+45 and the verdict is missed', async () => {
    const activation = anActivation();
    const withoutPress: DirectoryStore = {
      ...table.directory,
      list: async (audience) => (audience === 'press' ? [] : table.directory.list(audience)),
    };
    const run = await start(activation, { directory: withoutPress });

    await run.dispatched(3);
    run.clock.set(activation.warnAt);
    await eventually(run.has('warning.raised'), { what: 'the warning' });
    run.clock.set(activation.deadline);
    const { status, entered, timeline, outbox } = await run.ended();

    expect(status).toBe('SUCCEEDED');
    expect(count(entered)['RecordDispatchFailure']).toBe(1);
    expect(timeline).toContainEqual(
      expect.objectContaining({
        type: 'dispatch.failed',
        audience: 'press',
        details: expect.objectContaining({ error: 'NoRecipientsError' }),
      }),
    );
    expect(timeline.find((event) => event.type === 'warning.raised')?.details).toEqual({
      pendingAudiences: ['press'],
      cabinetAlerted: 1,
    });
    expect(outbox.filter((message) => message.audience === 'cabinet')).toHaveLength(1);
    expect(statuses(recordedVerdicts(timeline))).toEqual(['officials:met', 'press:missed', 'publicLine:met']);
  });

  it('deadline missed: with T0 70 minutes ago every audience is informed late, recorded with its real time and margin', async () => {
    const activation = anActivation({ acceptedAt: '2026-03-10T11:10:00.000Z' });
    const run = await start(activation);

    const { status, timeline, stored } = await run.ended();

    expect(status).toBe('SUCCEEDED');
    const recorded = recordedVerdicts(timeline);
    expect(statuses(recorded)).toEqual(['officials:missed', 'press:missed', 'publicLine:missed']);
    expect(m72(recorded).map((verdict) => [verdict.metAt, verdict.marginSeconds])).toEqual([
      ['2026-03-10T11:10:00.000Z', -600],
      ['2026-03-10T11:10:00.000Z', -600],
      ['2026-03-10T11:10:00.000Z', -600],
    ]);
    // What the API computes is what the timeline recorded.
    expect(computeVerdicts(activation, timeline, new Date('2026-03-11T00:00:00Z'))).toEqual(recorded);
    expect(stored?.settledAt).toBeDefined();
  });

  it('a dispatch that ends after T0+60: the evaluation records it missed, then a revision records when it was sent', async () => {
    const activation = anActivation();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowPress: Messenger = {
      sendSms: async (message) => {
        if (message.audience === 'press') await held;
        return table.outbox.messenger.sendSms(message);
      },
      sendEmail: (message) => table.outbox.messenger.sendEmail(message),
    };
    const run = await start(activation, { messenger: slowPress });
    await run.dispatched(2);

    run.clock.set(activation.warnAt);
    await eventually(run.has('warning.raised'), { what: 'the warning' });
    run.clock.set(activation.deadline);
    await eventually(run.has('commitments.evaluated'), { what: 'the evaluation' });
    const evaluated = (await run.timeline()).find((event) => event.type === 'commitments.evaluated');
    expect(m72(recordedVerdicts(evaluated ? [evaluated] : []))[1]).toMatchObject({
      audience: 'press',
      status: 'missed',
      metAt: null,
      marginSeconds: 0,
    });
    run.clock.advance(120);
    release();
    const { status, timeline } = await run.ended();

    expect(status).toBe('SUCCEEDED');
    const revisions = timeline.filter((event) => event.type === 'commitments.revised');
    expect(revisions.map((event) => event.subject)).toEqual(['dispatch.completed#press']);
    expect(m72(recordedVerdicts(timeline))[1]).toMatchObject({
      audience: 'press',
      status: 'missed',
      metAt: '2026-03-10T11:02:00.000Z',
      marginSeconds: -120,
    });
    expect(computeVerdicts(activation, timeline, new Date('2026-03-11T00:00:00Z'))).toEqual(
      recordedVerdicts(timeline),
    );
  });

  it('a failure that cannot be recorded stops neither the timer nor the other audiences; the execution fails at its end and the activation stays unsettled', async () => {
    const activation = anActivation();
    const withoutPress: DirectoryStore = {
      ...table.directory,
      list: async (audience) => (audience === 'press' ? [] : table.directory.list(audience)),
    };
    const refusingFailures: TimelineStore = {
      ...table.timeline,
      append: async (event) => {
        if (event.type === 'dispatch.failed') throw new Error('ProvisionedThroughputExceededException');
        return table.timeline.append(event);
      },
    };
    const run = await start(activation, { directory: withoutPress, timeline: refusingFailures });
    await run.dispatched(2);
    await eventually(async () => (run.clock.waiting > 0 ? true : undefined), { what: 'the timer' });
    run.clock.set(activation.warnAt);
    await eventually(run.has('warning.raised'), { what: 'the warning' });
    run.clock.set(activation.deadline);
    const { status, error, entered, timeline, stored } = await run.ended();

    expect(status).toBe('FAILED');
    expect(error).toMatch(/FirstHourIncomplete/);
    expect(count(entered)).toMatchObject({
      DispatchFailureNotRecorded: 1,
      EvaluateCommitments: 1,
      SettleCommitments: 1,
      FirstHourIncomplete: 1,
    });
    expect(typesOf(timeline)).toEqual([
      'cod.activated',
      'commitments.evaluated',
      'dispatch.completed:officials',
      'dispatch.completed:publicLine',
      'warning.raised',
    ]);
    expect(stored?.evaluatedAt).toBeDefined();
    expect(stored?.settledAt).toBeUndefined();
  });

  it('refuses to start when a Task state of the ASL has no local handler', () => {
    expect(() =>
      localStateMachine({
        tasks: () => ({ RecordActivation: async () => ({}) }),
        clockOf: () => manualClock('2026-03-10T10:00:00Z'),
      }),
    ).toThrow(/missing .*DispatchAudience/);
  });
});
