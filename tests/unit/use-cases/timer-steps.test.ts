import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anActivation,
  fixedClock,
  someContacts,
  startTestTable,
  type TestTable,
} from '#tests/helpers/local-table';
import { checkInforming } from '#use-cases/check-informing';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';
import { recordActivation } from '#use-cases/record-activation';

describe('the timer’s steps', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await startTestTable();
    await table.directory.putAll(someContacts);
  });
  afterAll(() => table.close());

  const informed = (activationId: string, audience: 'officials' | 'press' | 'publicLine', at: string) =>
    table.timeline.append({
      activationId,
      at,
      type: 'dispatch.completed',
      actor: 'system',
      audience,
      details: {},
    });

  it('records cod.activated at T0, once, by the duty officer', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    const deps = { ...table, clock: fixedClock('2026-03-10T10:03:01.000Z') };

    await recordActivation({ activationId: activation.id }, deps);
    await recordActivation({ activationId: activation.id }, deps);

    expect(await table.timeline.list(activation.id)).toEqual([
      expect.objectContaining({
        type: 'cod.activated',
        at: activation.decidedAt,
        actor: 'demo-duty-officer',
      }),
    ]);
  });

  it('at T0+45 with every audience informed, records the checkpoint and alerts nobody', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    for (const audience of ['officials', 'press', 'publicLine'] as const)
      await informed(activation.id, audience, '2026-03-10T10:10:00.000Z');

    const result = await checkInforming(
      { activationId: activation.id },
      { ...table, messenger: table.outbox.messenger, clock: fixedClock(activation.warnAt) },
    );

    expect(result.pendingAudiences).toEqual([]);
    expect(await table.outbox.list(activation.id)).toEqual([]);
    expect((await table.timeline.list(activation.id)).map((e) => e.type)).toContain('checkpoint.passed');
  });

  it('at T0+45 with an audience not informed, alerts the cabinet by SMS and records the warning', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    await informed(activation.id, 'officials', '2026-03-10T10:10:00.000Z');

    const result = await checkInforming(
      { activationId: activation.id },
      { ...table, messenger: table.outbox.messenger, clock: fixedClock(activation.warnAt) },
    );

    expect(result.pendingAudiences).toEqual(['press', 'publicLine']);
    const alerts = await table.outbox.list(activation.id);
    expect(alerts).toEqual([
      expect.objectContaining({ recipientId: 'cabinet-1', audience: 'cabinet', channel: 'sms' }),
    ]);
    expect(alerts[0]?.text).toContain('Médias, Ligne d’information du public');
    expect(alerts[0]?.text).toContain('Échéance 12:00');
    expect(await table.timeline.list(activation.id)).toContainEqual(
      expect.objectContaining({
        type: 'warning.raised',
        details: { pendingAudiences: ['press', 'publicLine'], cabinetAlerted: 1 },
      }),
    );
  });

  it('at T0+60 records the verdicts and marks the activation evaluated', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    await informed(activation.id, 'officials', '2026-03-10T10:10:00.000Z');
    await informed(activation.id, 'press', '2026-03-10T10:20:00.000Z');

    const result = await evaluateCommitments(
      { activationId: activation.id },
      { ...table, clock: fixedClock('2026-03-10T11:00:01.000Z') },
    );

    expect(result.missed).toBe(1);
    expect(result.verdicts.map((v) => [v.audience, v.status, v.marginSeconds])).toEqual([
      ['officials', 'met', 3_000],
      ['press', 'met', 2_400],
      ['publicLine', 'missed', -1],
    ]);
    expect(await table.store.get(activation.id)).toMatchObject({
      status: 'evaluated',
      evaluatedAt: '2026-03-10T11:00:01.000Z',
    });
  });
});
