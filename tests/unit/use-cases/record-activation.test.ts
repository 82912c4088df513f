import { describe, expect, it } from 'vitest';
import { anActivation, fixedClock, useTestTable } from '#tests/helpers/local-table';
import { recordActivation } from '#use-cases/record-activation';

describe('recordActivation', () => {
  const table = useTestTable();

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
});
