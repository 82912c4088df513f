import { describe, expect, it } from 'vitest';
import { anActivation, fixedClock, recordInformed, useTestTable } from '#tests/helpers/local-table';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';

describe('evaluateCommitments', () => {
  const table = useTestTable();

  it('at T0+60 records the verdicts and marks the activation evaluated', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    await recordInformed(table, activation.id, 'officials', '2026-03-10T10:10:00.000Z');
    await recordInformed(table, activation.id, 'press', '2026-03-10T10:20:00.000Z');

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
