import { describe, expect, it } from 'vitest';
import type { Contact } from '#domain/directory';
import { AudienceNotReachedError } from '#domain/errors';
import { FAKE_REFUSAL, fakePorts } from '#tests/helpers/fakes';
import { anActivation, recordInformed, someContacts } from '#tests/helpers/fixtures';
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

  describe('when the provider refuses a cabinet number for good', () => {
    const secondCadre: Contact = {
      id: 'cabinet-2',
      audience: 'cabinet',
      name: 'Directeur de cabinet (démo)',
      phone: '+33639984001',
    };
    const setUp = (refuse: string[]) => {
      const activation = anActivation();
      const ports = fakePorts({
        activations: [activation],
        now: activation.warnAt,
        contacts: [...someContacts, secondCadre],
        messenger: { refuse },
      });
      return { activation, ports };
    };

    it('warns the rest of the cabinet, records the refusal, and counts only who was warned', async () => {
      const { activation, ports } = setUp(['sms:cabinet-1']);

      await checkInforming({ activationId: activation.id }, ports);

      expect(ports.messenger.list(activation.id).map((message) => message.recipientId)).toEqual([
        'cabinet-2',
      ]);
      expect(ports.ledger.entry(activation.id, 'warning#cabinet-1')).toMatchObject({
        status: 'failed',
        reason: FAKE_REFUSAL,
      });
      expect(
        (await ports.timeline.list(activation.id)).find((event) => event.type === 'warning.raised')?.details,
      ).toMatchObject({ cabinetAlerted: 1 });
    });

    it('fails with AudienceNotReachedError when every number of the cabinet was refused: nobody was warned', async () => {
      const { activation, ports } = setUp(['sms:cabinet-1', 'sms:cabinet-2']);

      await expect(checkInforming({ activationId: activation.id }, ports)).rejects.toBeInstanceOf(
        AudienceNotReachedError,
      );

      expect(
        (await ports.timeline.list(activation.id)).some((event) => event.type === 'warning.raised'),
      ).toBe(false);
    });
  });
});
