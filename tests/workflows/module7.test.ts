/**
 * Named scenarios of workflows/module7.asl.json, run by the local runner on real storage: the path taken
 * (from the execution's event log) and the timeline it leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Activation, workflowInputOf } from '#domain/activation';
import { TransientDeliveryError } from '#domain/errors';
import type { Messenger } from '#domain/ports';
import { acceleratedClock } from '#local/clock';
import { localStateMachine } from '#local/state-machine';
import { module7Tasks } from '#local/tasks';
import { anActivation, someContacts, startTestTable, type TestTable } from '#tests/helpers/local-table';

/** One hour in a second: the scenarios' waits take at most a second of real time. */
const SPEED = 3_600;

const activationAt = (minutesAgo: number, overrides: Partial<Activation> = {}) => {
  const accepted = new Date();
  const decided = new Date(accepted.getTime() - minutesAgo * 60_000);
  const plus = (seconds: number) => new Date(decided.getTime() + seconds * 1_000).toISOString();
  return anActivation({
    decidedAt: decided.toISOString(),
    acceptedAt: accepted.toISOString(),
    warnAt: plus(45 * 60),
    deadline: plus(3_600),
    ...overrides,
  });
};

describe('module7 state machine', () => {
  let table: TestTable;
  const run = async (activation: Activation, messenger: Messenger = table.outbox.messenger) => {
    await table.store.create(activation);
    const machine = localStateMachine({
      tasks: module7Tasks({ ...table, messenger }),
      clockOf: (input) => acceleratedClock(SPEED)(String(input['acceptedAt'])),
      speed: SPEED,
      retryIntervalOverrides: { DispatchAudience: 0, RecordDispatchFailure: 0, CheckInforming: 0 },
    });
    await machine.start(activation.executionName, { ...workflowInputOf(activation) });
    await machine.settled(activation.executionName);
    const execution = machine.execution(activation.executionName);
    const entered = (execution?.events ?? []).flatMap((event) =>
      'state' in event && event.type === 'StateEntered' ? [event.state.name] : [],
    );
    const retried = (execution?.events ?? [])
      .filter((event) => event.type === 'StateRetried')
      .map((event) => ('state' in event ? event.state.name : ''));
    return {
      execution,
      entered,
      retried,
      timeline: await table.timeline.list(activation.id),
      outbox: await table.outbox.list(activation.id),
    };
  };

  beforeAll(async () => {
    table = await startTestTable();
    await table.directory.putAll(someContacts);
  });
  afterAll(() => table.close());

  it('happy path: records T0, informs the three audiences, passes the checkpoint and finds every verdict met', async () => {
    const activation = activationAt(0);

    const { execution, entered, timeline } = await run(activation);

    expect(execution?.status).toBe('SUCCEEDED');
    expect(entered).toEqual(
      expect.arrayContaining([
        'RecordActivation',
        'FirstHour',
        'WaitUntilWarning',
        'CheckInforming',
        'WaitUntilDeadline',
        'EvaluateCommitments',
        'InformAudiences',
        'DispatchAudience',
      ]),
    );
    expect(entered).not.toContain('RecordDispatchFailure');
    const types = timeline.map((event) => `${event.type}${event.audience ? `:${event.audience}` : ''}`);
    expect(types.sort()).toEqual(
      [
        'checkpoint.passed',
        'cod.activated',
        'commitments.evaluated',
        'dispatch.completed:officials',
        'dispatch.completed:press',
        'dispatch.completed:publicLine',
      ].sort(),
    );
    const evaluated = timeline.find((event) => event.type === 'commitments.evaluated');
    const verdicts = evaluated?.details['verdicts'] as { status: string; marginSeconds: number }[];
    expect(verdicts.map((verdict) => verdict.status)).toEqual(['met', 'met', 'met']);
    expect(verdicts.every((verdict) => verdict.marginSeconds > 0)).toBe(true);
    // The evaluation happens at T0+60 on the activation's clock, not before.
    expect(Date.parse(evaluated?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(activation.deadline));
  });

  it('SNS throttled then recovers: the press dispatch fails twice, succeeds on the third try and sends nothing twice', async () => {
    const activation = activationAt(0);
    let throttles = 2;
    const flaky: Messenger = {
      sendSms: async (message) => {
        if (message.audience === 'press' && throttles > 0) {
          throttles -= 1;
          throw new TransientDeliveryError('Rate exceeded');
        }
        return table.outbox.messenger.sendSms(message);
      },
      sendEmail: (message) => table.outbox.messenger.sendEmail(message),
    };

    const { execution, retried, timeline, outbox } = await run(activation, flaky);

    expect(execution?.status).toBe('SUCCEEDED');
    expect(retried).toEqual(['DispatchAudience', 'DispatchAudience']);
    expect(timeline).toContainEqual(
      expect.objectContaining({ type: 'dispatch.completed', audience: 'press' }),
    );
    const sent = outbox.map((message) => `${message.channel}:${message.recipientId}`);
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('nobody to inform: the audience’s failure is recorded, the cabinet is warned at T0+45 and the verdict is missed', async () => {
    const activation = activationAt(0, { communes: ['74042'], area: { communes: ['74042'] } });
    const withoutPressDirectory = {
      ...table.directory,
      list: async (audience: Parameters<typeof table.directory.list>[0]) =>
        audience === 'press' ? [] : table.directory.list(audience),
    };
    await table.store.create(activation);
    const machine = localStateMachine({
      tasks: module7Tasks({ ...table, directory: withoutPressDirectory, messenger: table.outbox.messenger }),
      clockOf: (input) => acceleratedClock(SPEED)(String(input['acceptedAt'])),
      speed: SPEED,
      retryIntervalOverrides: { DispatchAudience: 0 },
    });

    await machine.start(activation.executionName, { ...workflowInputOf(activation) });
    await machine.settled(activation.executionName);

    const timeline = await table.timeline.list(activation.id);
    expect(machine.execution(activation.executionName)?.status).toBe('SUCCEEDED');
    expect(timeline).toContainEqual(
      expect.objectContaining({
        type: 'dispatch.failed',
        audience: 'press',
        details: expect.objectContaining({ error: 'NoRecipientsError' }),
      }),
    );
    expect(timeline).toContainEqual(
      expect.objectContaining({
        type: 'warning.raised',
        details: { pendingAudiences: ['press'], cabinetAlerted: 1 },
      }),
    );
    const verdicts = timeline.find((event) => event.type === 'commitments.evaluated')?.details[
      'verdicts'
    ] as { audience: string; status: string }[];
    expect(verdicts.map((verdict) => `${verdict.audience}:${verdict.status}`)).toEqual([
      'officials:met',
      'press:missed',
      'publicLine:met',
    ]);
  });

  it('deadline missed: with T0 70 minutes ago every audience is informed late, with negative margins', async () => {
    const activation = activationAt(70);

    const { execution, timeline } = await run(activation);

    expect(execution?.status).toBe('SUCCEEDED');
    const verdicts = timeline.find((event) => event.type === 'commitments.evaluated')?.details[
      'verdicts'
    ] as { status: string; marginSeconds: number }[];
    expect(verdicts.map((verdict) => verdict.status)).toEqual(['missed', 'missed', 'missed']);
    expect(verdicts.every((verdict) => verdict.marginSeconds <= -600)).toBe(true);
  });

  it('refuses to start when a Task state of the ASL has no local handler', () => {
    expect(() =>
      localStateMachine({
        tasks: () => ({ RecordActivation: async () => ({}) }),
        clockOf: () => ({ now: () => new Date() }),
        speed: 1,
      }),
    ).toThrow(/missing .*DispatchAudience/);
  });
});
