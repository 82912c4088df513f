/**
 * M7-1 scenarios of workflows/module7.asl.json: the communication cell paged from its roster, each step
 * waiting for an acknowledgement (a callback task) for the escalation delay on a manual clock the test
 * advances, then the next person, then the cabinet. Real storage, the local runner, the real ASL file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Activation, workflowInputOf } from '#domain/activation';
import { computeVerdicts, recordedVerdicts, type Verdict } from '#domain/commitments';
import type { Contact } from '#domain/directory';
import type { Roster } from '#domain/rosters';
import { type LocalStateMachine, localStateMachine } from '#local/state-machine';
import { module7Tasks } from '#local/tasks';
import { anActivation, someContacts, startTestTable, type TestTable } from '#tests/helpers/local-table';
import { eventually, manualClock } from '#tests/helpers/manual-clock';
import { acknowledgeLink, describeLink } from '#use-cases/acknowledge-page';

const officer = (id: string, phone: string): Contact => ({
  id,
  audience: 'onCall',
  function: 'communication-officer',
  name: `Chargé de communication ${id}`,
  phone,
  email: `${id}@example.org`,
});

const ON_CALL = [
  officer('com-1', '+33639980901'),
  officer('com-2', '+33639980902'),
  officer('com-3', '+33639980903'),
];

/** com-1 then com-2 on duty all week, com-3 as backup. */
const roster: Roster = {
  cell: 'communication',
  timeZone: 'Europe/Paris',
  shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00', contactIds: ['com-1', 'com-2'] }],
  overrides: [],
  backup: ['com-3'],
};

const NO_RETRY_DELAY = { PageCommunicationCell: 0, AlertCommunicationCellUnanswered: 0, DispatchAudience: 0 };

let table: TestTable | undefined;
let machine: LocalStateMachine | undefined;
afterEach(async () => {
  await machine?.close();
  await table?.close();
  machine = undefined;
  table = undefined;
});

const start = async (activation: Activation, withRoster = true) => {
  table = await startTestTable();
  await table.directory.putAll([...someContacts, ...ON_CALL]);
  if (withRoster) {
    await table.directory.putRoster(roster, {
      id: 'evt-roster',
      at: '2026-03-01T00:00:00.000Z',
      actor: 'admin-1',
      action: 'roster.updated',
      audience: 'onCall',
      cell: 'communication',
      fields: ['shifts', 'overrides', 'backup'],
    });
  }
  await table.store.create(activation);
  const clock = manualClock(activation.acceptedAt);
  const current = table;
  machine = localStateMachine({
    tasks: module7Tasks({ ...current, messenger: current.outbox.messenger }, () => ({
      ackBaseUrl: 'http://127.0.0.1:3000',
    })),
    clockOf: () => clock,
    retryIntervalOverrides: NO_RETRY_DELAY,
  });
  const running = machine;
  await running.start(activation.executionName, { ...workflowInputOf(activation) });
  const timeline = () => current.timeline.list(activation.id);
  const pagesOf = async () =>
    (await current.outbox.list(activation.id)).filter(
      (message) => message.audience === 'onCall' && message.channel === 'sms',
    );
  /** The code in the latest SMS page to `recipientId`. */
  const codeFor = async (recipientId: string) =>
    eventually(
      async () =>
        /\/ack\/([2-9A-Z]{10})/.exec(
          (await pagesOf()).findLast((message) => message.recipientId === recipientId)?.text ?? '',
        )?.[1],
      { what: `the page of ${recipientId}` },
    );
  const deps = { ...current, engine: running, clockFor: () => clock };
  const m71 = async (): Promise<Verdict | undefined> =>
    recordedVerdicts(await timeline())?.find((verdict) => verdict.commitment === 'M7-1');
  const ended = async () => {
    clock.set(activation.warnAt);
    clock.set(activation.deadline);
    await running.settled(activation.executionName);
    const execution = running.execution(activation.executionName);
    return {
      status: execution?.status,
      entered: (execution?.events ?? []).flatMap((event) =>
        'state' in event && event.type === 'StateEntered' ? [event.state.name] : [],
      ),
      timeline: await timeline(),
      outbox: await current.outbox.list(activation.id),
    };
  };
  /** Lets every step of the roster go unanswered (com-1, com-2, com-3, ten minutes each) until the cabinet is alerted. */
  const silentLadder = async () => {
    for (const [index, id] of ['com-1', 'com-2', 'com-3'].entries()) {
      await codeFor(id);
      clock.set(new Date(Date.parse('2026-03-10T10:13:00.000Z') + index * 600_000).toISOString());
    }
    await eventually(
      async () => ((await timeline()).some((event) => event.type === 'cell.unanswered') ? true : undefined),
      { what: 'the cabinet alert' },
    );
  };
  return { clock, timeline, pagesOf, codeFor, deps, m71, ended, silentLadder };
};

describe('the communication cell (M7-1)', () => {
  it('acknowledged at once: the first officer on duty presses the button of the link, M7-1 is met', async () => {
    const activation = anActivation();
    const run = await start(activation);
    const code = await run.codeFor('com-1');
    // Opening the link (a preview) changes nothing.
    expect((await describeLink(code, run.deps)).status).toBe('open');
    run.clock.set('2026-03-10T10:05:00.000Z');
    const answer = await acknowledgeLink(code, run.deps);
    expect(answer).toMatchObject({ status: 'acknowledged', operational: true, cell: 'communication' });
    // The same link again: used, nothing more recorded.
    expect((await acknowledgeLink(code, run.deps)).status).toBe('used');

    const { status, entered, timeline, outbox } = await run.ended();
    expect(status).toBe('SUCCEEDED');
    expect(entered).toContain('CommunicationCellOperational');
    expect(entered).not.toContain('EscalateCommunicationCell');
    expect(timeline.filter((event) => event.type === 'cell.acknowledged')).toHaveLength(1);
    expect(timeline.find((event) => event.type === 'cell.operational')?.at).toBe('2026-03-10T10:05:00.000Z');
    // One SMS and one e-mail to com-1, nobody else paged, the cabinet not alerted about the cell.
    expect(
      outbox.filter((message) => message.audience === 'onCall').map((m) => `${m.recipientId}:${m.channel}`),
    ).toEqual(expect.arrayContaining(['com-1:sms', 'com-1:email']));
    expect(outbox.filter((message) => message.audience === 'onCall')).toHaveLength(2);
    expect(await run.m71()).toMatchObject({
      status: 'met',
      metAt: '2026-03-10T10:05:00.000Z',
      marginSeconds: 3_300,
    });
  });

  it('first officer silent, the second acknowledges after the escalation: met, both pages on the timeline', async () => {
    const activation = anActivation();
    const run = await start(activation);
    await run.codeFor('com-1');
    // Just before the escalation delay (10 minutes after the page at 10:03), nobody else is paged.
    run.clock.set('2026-03-10T10:12:59.000Z');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await run.pagesOf()).map((message) => message.recipientId)).toEqual(['com-1']);
    run.clock.set('2026-03-10T10:13:00.000Z');
    const code = await run.codeFor('com-2');
    run.clock.set('2026-03-10T10:15:00.000Z');
    expect(await acknowledgeLink(code, run.deps)).toMatchObject({
      status: 'acknowledged',
      operational: true,
    });

    const { status, entered, timeline } = await run.ended();
    expect(status).toBe('SUCCEEDED');
    expect(entered.filter((name) => name === 'PageCommunicationCell')).toHaveLength(2);
    expect(entered).toContain('EscalateCommunicationCell');
    const paged = timeline.filter((event) => event.type === 'cell.paged');
    expect(paged.map((event) => [event.details['contactId'], event.at, event.details['escalation']])).toEqual(
      [
        ['com-1', '2026-03-10T10:03:00.000Z', false],
        ['com-2', '2026-03-10T10:13:00.000Z', true],
      ],
    );
    expect(await run.m71()).toMatchObject({ status: 'met', metAt: '2026-03-10T10:15:00.000Z' });
  });

  it('nobody acknowledges: every step is paged, the cabinet is alerted, M7-1 is missed at T0+60', async () => {
    const activation = anActivation();
    const run = await start(activation);
    await run.silentLadder();
    const { status, timeline, outbox } = await run.ended();
    expect(status).toBe('SUCCEEDED');
    expect(timeline.find((event) => event.type === 'cell.unanswered')).toMatchObject({
      at: '2026-03-10T10:33:00.000Z',
      details: { cell: 'communication', paged: 3 },
    });
    const cabinetAlerts = outbox.filter(
      (message) => message.audience === 'cabinet' && message.text?.includes('astreinte'),
    );
    expect(cabinetAlerts.length).toBeGreaterThan(0);
    expect(cabinetAlerts[0]?.text).toContain('personne n’a pris l’astreinte');
    expect(await run.m71()).toMatchObject({ status: 'missed', metAt: null, marginSeconds: 0 });
  });

  it('no roster at all: the cabinet is alerted at once, M7-1 is missed', async () => {
    const activation = anActivation();
    const run = await start(activation, false);
    await eventually(
      async () =>
        (await run.timeline()).some((event) => event.type === 'cell.unanswered') ? true : undefined,
      { what: 'the cabinet alert' },
    );
    const { timeline } = await run.ended();
    expect(timeline.find((event) => event.type === 'cell.unanswered')?.details['paged']).toBe(0);
    expect(await run.m71()).toMatchObject({ status: 'missed' });
  });

  it('a late acknowledgement after the evaluation revises M7-1 with its real time and margin', async () => {
    const activation = anActivation();
    const run = await start(activation);
    const code = await run.codeFor('com-1');
    await run.silentLadder();
    await run.ended();
    expect((await run.m71())?.status).toBe('missed');
    run.clock.set('2026-03-10T11:20:00.000Z');
    expect(await acknowledgeLink(code, run.deps)).toMatchObject({ status: 'acknowledged' });
    const timeline = await run.timeline();
    expect(timeline.some((event) => event.type === 'commitments.revised')).toBe(true);
    expect(await run.m71()).toMatchObject({
      status: 'missed',
      metAt: '2026-03-10T11:20:00.000Z',
      marginSeconds: -1_200,
    });
    expect(computeVerdicts(activation, timeline, new Date('2026-03-11T00:00:00Z'))).toEqual(
      recordedVerdicts(timeline),
    );
  });

  it('an expired link is refused and changes nothing', async () => {
    const activation = anActivation();
    const run = await start(activation);
    const code = await run.codeFor('com-1');
    run.clock.set('2026-03-10T22:03:01.000Z');
    expect((await acknowledgeLink(code, run.deps)).status).toBe('expired');
    expect((await run.timeline()).some((event) => event.type === 'cell.acknowledged')).toBe(false);
    expect((await acknowledgeLink('ZZZZZZZZZZ', run.deps)).status).toBe('unknown');
  });
});
