import { describe, expect, it } from 'vitest';
import { anActivation, fixedClock, recordInformed, useTestTable } from '#tests/helpers/local-table';
import { checkInforming } from '#use-cases/check-informing';

describe('checkInforming', () => {
  const table = useTestTable();

  it('at T0+45 with every audience informed, records the checkpoint and alerts nobody', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    for (const audience of ['officials', 'press', 'publicLine'] as const)
      await recordInformed(table, activation.id, audience, '2026-03-10T10:10:00.000Z');

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
    await recordInformed(table, activation.id, 'officials', '2026-03-10T10:10:00.000Z');

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
});
