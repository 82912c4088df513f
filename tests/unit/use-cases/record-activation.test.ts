import { describe, expect, it } from 'vitest';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation } from '#tests/helpers/fixtures';
import { recordActivation } from '#use-cases/record-activation';

describe('recordActivation', () => {
  it('records cod.activated at T0, once, by the duty officer', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], now: '2026-03-10T10:03:01.000Z' });

    await recordActivation({ activationId: activation.id }, ports);
    await recordActivation({ activationId: activation.id }, ports);

    expect(await ports.timeline.list(activation.id)).toEqual([
      expect.objectContaining({
        type: 'cod.activated',
        at: activation.decidedAt,
        actor: 'demo-duty-officer',
      }),
    ]);
  });
});
