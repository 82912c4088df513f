/**
 * M7-4 and the end of the alert, on workflows/module7.asl.json: the prefect's order of the CIP pages its
 * operators (a callback task, escalating on a manual clock the test advances), publishes the numéro unique
 * once the quorum answered, and judges M7-4 at its due time; a follow-up message carries the number; closing
 * in the middle of the hour stops the pages and sends the fin d'alerte. Real storage, the local runner, the
 * real ASL file, and the stream consumer that starts every execution from the items the use cases store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Activation, workflowInputOf } from '#domain/activation';
import { computeVerdicts, recordedVerdicts, type Verdict } from '#domain/commitments';
import type { Contact } from '#domain/directory';
import type { Cell, Roster } from '#domain/rosters';
import type { TimelineEvent } from '#domain/timeline';
import { createStartWorkflowHandler } from '#handlers/streams/start-workflow';
import { type LocalStateMachine, localStateMachine } from '#local/state-machine';
import { localTableStream } from '#local/stream';
import { module7Tasks } from '#local/tasks';
import { DEMO_CRISIS_NUMBER } from '#shared/contract';
import { anActivation, someContacts, startTestTable, type TestTable } from '#tests/helpers/local-table';
import { eventually, manualClock } from '#tests/helpers/manual-clock';
import { acknowledgeAsUser, acknowledgeLink } from '#use-cases/acknowledge-page';
import { closeActivation } from '#use-cases/close-activation';
import { orderCip } from '#use-cases/order-cip';
import { postMessage } from '#use-cases/post-message';

const person = (id: string, phone: string): Contact => ({
  id,
  audience: 'onCall',
  function: id.startsWith('cip') ? 'cip-operator' : 'communication-officer',
  name: `Astreinte ${id}`,
  phone,
  email: `${id}@example.org`,
});

const ON_CALL = [
  person('com-1', '+33639980901'),
  person('com-2', '+33639980902'),
  person('cip-1', '+33639980911'),
  person('cip-2', '+33639980912'),
  person('cip-3', '+33639980913'),
];

const rosterOf = (cell: Cell, onDuty: string[], backup: string[]): Roster => ({
  cell,
  timeZone: 'Europe/Paris',
  shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', contactIds: onDuty }],
  overrides: [],
  backup,
});

const NO_RETRY_DELAY = {
  PageCommunicationCell: 0,
  PageCip: 0,
  AlertCommunicationCellUnanswered: 0,
  AlertCipUnanswered: 0,
  DispatchAudience: 0,
  DispatchMessage: 0,
};

let table: TestTable | undefined;
let machine: LocalStateMachine | undefined;
let stream: ReturnType<typeof localTableStream> | undefined;
afterEach(async () => {
  await stream?.close();
  await machine?.close();
  await table?.close();
  stream = undefined;
  machine = undefined;
  table = undefined;
});

const of = (events: readonly TimelineEvent[], type: TimelineEvent['type']) =>
  events.filter((event) => event.type === type);

const start = async (activation: Activation) => {
  table = await startTestTable();
  const current = table;
  await current.directory.putAll([...someContacts, ...ON_CALL]);
  for (const roster of [
    rosterOf('communication', ['com-1', 'com-2'], []),
    rosterOf('cip', ['cip-1', 'cip-2'], ['cip-3']),
  ]) {
    await current.directory.putRoster(roster, {
      id: `evt-${roster.cell}`,
      at: '2026-03-01T00:00:00.000Z',
      actor: 'admin-1',
      action: 'roster.updated',
      audience: 'onCall',
      cell: roster.cell,
      fields: ['shifts', 'overrides', 'backup'],
    });
  }
  const clock = manualClock(activation.acceptedAt);
  machine = localStateMachine({
    tasks: module7Tasks({ ...current, messenger: current.outbox.messenger }, () => ({
      ackBaseUrl: 'http://127.0.0.1:3000',
    })),
    clockOf: () => clock,
    retryIntervalOverrides: NO_RETRY_DELAY,
  });
  const running = machine;
  // Every item the use cases store starts its execution, as the table's stream does on AWS.
  stream = localTableStream(current.table.client, { log: () => {} });
  stream.subscribe(createStartWorkflowHandler(() => ({ engine: running })));
  await current.store.create(activation);
  const deps = { ...current, engine: running, clockFor: () => clock };
  const timeline = () => current.timeline.list(activation.id);
  const until = <T>(check: (events: TimelineEvent[]) => T | undefined, what: string) =>
    eventually(async () => check(await timeline()), { what });
  const sms = async (recipientId: string) =>
    (await current.outbox.list(activation.id)).filter(
      (message) => message.recipientId === recipientId && message.channel === 'sms',
    );
  const codeFor = (recipientId: string) =>
    eventually(async () => /\/ack\/([2-9A-Z]{10})/.exec((await sms(recipientId)).at(-1)?.text ?? '')?.[1], {
      what: `the page of ${recipientId}`,
    });
  const verdict = async (commitment: Verdict['commitment']) =>
    recordedVerdicts(await timeline())?.find((item) => item.commitment === commitment);
  const executionOf = (name: string) => running.execution(name);
  const entered = (name: string) =>
    (running.execution(name)?.events ?? []).flatMap((event) =>
      'state' in event && event.type === 'StateEntered' ? [event.state.name] : [],
    );
  // The first hour's execution: its communication cell is taken at once unless a scenario says otherwise.
  await eventually(async () => running.execution(activation.executionName), { what: 'the first hour' });
  return { clock, deps, timeline, until, sms, codeFor, verdict, executionOf, entered, running, current };
};

const CIP = { crisisNumber: DEMO_CRISIS_NUMBER, targetSeconds: 3_600, quorum: 2 };

describe('the public information cell (M7-4)', () => {
  it('ordered, its quorum acknowledges: the numéro unique goes to the public line and M7-4 is met', async () => {
    const activation = anActivation();
    const run = await start(activation);
    await acknowledgeAsUser(
      { activationId: activation.id, cell: 'communication', userId: 'demo-comms' },
      run.deps,
    );

    run.clock.set('2026-03-10T10:10:00.000Z');
    const { created, order } = await orderCip(
      { activationId: activation.id },
      { actor: 'demo-prefect' },
      run.deps,
      CIP,
    );
    expect(created).toBe(true);
    // Ordering again answers the same order and starts nothing new.
    expect(await orderCip({ activationId: activation.id }, { actor: 'other' }, run.deps, CIP)).toEqual({
      created: false,
      order,
    });
    // Both operators on duty are paged at once; one acknowledgement is not the quorum.
    const [first, second] = [await run.codeFor('cip-1'), await run.codeFor('cip-2')];
    run.clock.set('2026-03-10T10:14:00.000Z');
    expect(await acknowledgeLink(first, run.deps)).toMatchObject({
      status: 'acknowledged',
      operational: false,
    });
    run.clock.set('2026-03-10T10:16:00.000Z');
    expect(await acknowledgeLink(second, run.deps)).toMatchObject({
      status: 'acknowledged',
      operational: true,
    });

    // The numéro unique is published to the public line, by a message of its own execution.
    await run.until(
      (events) => of(events, 'message.dispatched').find((event) => event.subject === 'msg-crisis-number'),
      'the numéro unique sent',
    );
    const published = await run.sms('ligne-public-1');
    expect(published.at(-1)?.text).toContain(`Numéro unique d’information du public : ${DEMO_CRISIS_NUMBER}`);
    expect(await run.sms('cip-3')).toEqual([]);

    // A later update carries the number.
    const update = await postMessage(
      {
        activationId: activation.id,
        request: {
          audiences: ['press'],
          message: {
            sms: 'Point de situation : décrue amorcée.',
            email: { subject: 'Point de situation', body: 'Décrue amorcée.' },
          },
        },
      },
      { idempotencyKey: 'point-1030-presse', actor: 'demo-comms' },
      run.deps,
    );
    await run.until(
      (events) => of(events, 'message.dispatched').find((event) => event.subject === update.result.id),
      'the update sent',
    );
    expect((await run.sms('presse-1')).at(-1)?.text).toContain(DEMO_CRISIS_NUMBER);

    // The first hour ends, then M7-4's due time.
    run.clock.set(activation.deadline);
    await run.running.settled(activation.executionName);
    run.clock.set('2026-03-10T11:10:00.000Z');
    await run.running.settled(`${activation.executionName}-cip`);
    expect(run.executionOf(`${activation.executionName}-cip`)?.status).toBe('SUCCEEDED');
    expect(run.entered(`${activation.executionName}-cip`)).toEqual(
      expect.arrayContaining(['PageCip', 'AnnounceCrisisNumber', 'JudgeCip']),
    );
    expect(await run.verdict('M7-4')).toMatchObject({
      status: 'met',
      metAt: '2026-03-10T10:16:00.000Z',
      dueAt: '2026-03-10T11:10:00.000Z',
      marginSeconds: 3_240,
      // The proof that the number was published: its dispatch to the public line.
      crisisNumberPublishedAt: '2026-03-10T10:16:00.000Z',
    });
    const events = await run.timeline();
    expect(of(events, 'cip.ordered')).toMatchObject([
      { at: '2026-03-10T10:10:00.000Z', actor: 'demo-prefect', details: { quorum: 2, targetSeconds: 3_600 } },
    ]);
    expect(of(events, 'cell.paged').filter((event) => event.details['cell'] === 'cip')).toHaveLength(2);
    expect(of(events, 'cell.unanswered')).toEqual([]);
  });

  it('ordered, the operators stay silent: the backup is paged, then the cabinet; M7-4 is missed at its due time', async () => {
    const activation = anActivation();
    const run = await start(activation);
    await acknowledgeAsUser(
      { activationId: activation.id, cell: 'communication', userId: 'demo-comms' },
      run.deps,
    );
    run.clock.set('2026-03-10T10:10:00.000Z');
    await orderCip({ activationId: activation.id }, { actor: 'demo-prefect' }, run.deps, CIP);

    await run.codeFor('cip-1');
    await run.codeFor('cip-2');
    run.clock.set('2026-03-10T10:20:00.000Z');
    await run.codeFor('cip-3');
    run.clock.set('2026-03-10T10:30:00.000Z');
    await run.until((events) => of(events, 'cell.unanswered')[0], 'the cabinet alerted');
    expect((await run.sms('cabinet-1')).at(-1)?.text).toContain('Échéance 12:10');

    // T0+60: the evaluation finds M7-4 pending; its due time finds it missed.
    run.clock.set(activation.deadline);
    await run.running.settled(activation.executionName);
    expect(await run.verdict('M7-4')).toMatchObject({ status: 'pending' });
    run.clock.set('2026-03-10T11:10:00.000Z');
    await run.running.settled(`${activation.executionName}-cip`);
    expect(await run.verdict('M7-4')).toMatchObject({
      status: 'missed',
      metAt: null,
      dueAt: '2026-03-10T11:10:00.000Z',
      marginSeconds: 0,
    });
    // Nothing was published: the CIP never answered.
    expect(await run.sms('ligne-public-1')).toHaveLength(1);
    expect(run.entered(`${activation.executionName}-cip`)).not.toContain('AnnounceCrisisNumber');
  });
});

describe('the end of the alert', () => {
  it('closed in the middle of the hour: the pages stop, the fin d’alerte goes to the audiences informed, M7-1 is judged then', async () => {
    const activation = anActivation();
    const run = await start(activation);
    await run.codeFor('com-1');
    await run.until(
      (events) => (of(events, 'dispatch.completed').length === 3 ? true : undefined),
      'every audience informed',
    );
    run.clock.set('2026-03-10T10:20:00.000Z');
    await run.codeFor('com-2');
    run.clock.set('2026-03-10T10:25:00.000Z');

    const { closure } = await closeActivation(
      { activationId: activation.id },
      { actor: 'demo-prefect' },
      run.deps,
    );
    expect(closure).toMatchObject({
      closedAt: '2026-03-10T10:25:00.000Z',
      closedBy: 'demo-prefect',
      endMessage: { id: 'msg-end', audiences: ['officials', 'press', 'publicLine'] },
    });
    expect(closure.verdicts.find((verdict) => verdict.commitment === 'M7-1')).toMatchObject({
      status: 'missed',
      closedBeforeDue: true,
      marginSeconds: 2_100,
    });
    // The page waiting was answered: the branch stood down at once, nobody more is paged.
    await eventually(
      async () =>
        run.entered(activation.executionName).includes('CommunicationCellStoodDown') ? true : undefined,
      { what: 'the communication cell stood down' },
    );
    await run.until(
      (events) =>
        of(events, 'message.dispatched').filter((event) => event.subject === 'msg-end').length === 3
          ? true
          : undefined,
      'the fin d’alerte sent',
    );
    expect((await run.sms('maire-74010')).at(-1)?.text).toContain('Fin d’alerte');

    // Closing again changes nothing.
    run.clock.set('2026-03-10T10:30:00.000Z');
    const again = await closeActivation({ activationId: activation.id }, { actor: 'other' }, run.deps);
    expect(again.created).toBe(false);
    expect(again.closure).toMatchObject({ closedAt: '2026-03-10T10:25:00.000Z', closedBy: 'demo-prefect' });
    await expect(
      orderCip({ activationId: activation.id }, { actor: 'demo-prefect' }, run.deps, CIP),
    ).rejects.toMatchObject({ name: 'ActivationClosedError' });

    // The timer runs out without a warning; the evaluation judges at the close.
    run.clock.set(activation.warnAt);
    run.clock.set(activation.deadline);
    await run.running.settled(activation.executionName);
    expect(run.executionOf(activation.executionName)?.status).toBe('SUCCEEDED');
    const events = await run.timeline();
    expect(of(events, 'warning.raised')).toEqual([]);
    expect(of(events, 'cell.paged').map((event) => event.subject)).toEqual([
      'communication#0#com-1',
      'communication#1#com-2',
    ]);
    expect(of(events, 'cell.unanswered')).toEqual([]);
    expect(recordedVerdicts(events)).toEqual(
      computeVerdicts(activation, events, new Date('2026-03-10T12:00:00.000Z')),
    );
    expect(await run.verdict('M7-1')).toMatchObject({ status: 'missed', closedBeforeDue: true });
    expect((await run.verdict('M7-2'))?.status).toBe('met');
    expect((await run.current.store.get(activation.id))?.status).toBe('closed');
    // Each person got the fin d'alerte once.
    const ends = (await run.current.outbox.list(activation.id)).filter((message) =>
      message.channel === 'sms' ? (message.text?.includes('Fin d’alerte') ?? false) : false,
    );
    expect(new Set(ends.map((message) => message.recipientId)).size).toBe(ends.length);
  });
});

// The workflow input of a first hour is unchanged: no `kind`, so the Choice sends it to RecordActivation.
it('an input without a kind runs the first hour', () => {
  expect(workflowInputOf(anActivation())).not.toHaveProperty('kind');
});
