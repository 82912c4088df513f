import { describe, expect, it } from 'vitest';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation, recordInformed } from '#tests/helpers/fixtures';
import { checkInforming } from '#use-cases/check-informing';

describe('checkInforming', () => {
  it('at T0+45 with every audience informed, records the checkpoint and alerts nobody', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], now: activation.warnAt });
    for (const audience of ['officials', 'press', 'publicLine'] as const)
      await recordInformed(ports, activation.id, audience, '2026-03-10T10:10:00.000Z');

    const result = await checkInforming({ activationId: activation.id }, ports);

    expect(result.pendingAudiences).toEqual([]);
    expect(ports.messenger.list(activation.id)).toEqual([]);
    expect(await ports.timeline.list(activation.id)).toContainEqual(
      expect.objectContaining({ type: 'checkpoint.passed', at: activation.warnAt }),
    );
  });

  it('at T0+45 with an audience not informed, alerts the cabinet by SMS and records the warning', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], now: activation.warnAt });
    await recordInformed(ports, activation.id, 'officials', '2026-03-10T10:10:00.000Z');

    const result = await checkInforming({ activationId: activation.id }, ports);

    expect(result.pendingAudiences).toEqual(['press', 'publicLine']);
    const alerts = ports.messenger.list(activation.id);
    expect(alerts).toEqual([
      expect.objectContaining({ recipientId: 'cabinet-1', audience: 'cabinet', channel: 'sms' }),
    ]);
    expect(alerts[0]?.text).toContain('Médias, Ligne d’information du public');
    expect(alerts[0]?.text).toContain('Échéance 12:00');
    expect(await ports.timeline.list(activation.id)).toContainEqual(
      expect.objectContaining({
        type: 'warning.raised',
        details: { pendingAudiences: ['press', 'publicLine'], cabinetAlerted: 1 },
      }),
    );
  });
});
