import { describe, expect, it } from 'vitest';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation, recordInformed } from '#tests/helpers/fixtures';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';

describe('evaluateCommitments', () => {
  it('at T0+60 records the verdicts and marks the activation evaluated', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], now: '2026-03-10T11:00:01.000Z' });
    await recordInformed(ports, activation.id, 'officials', '2026-03-10T10:10:00.000Z');
    await recordInformed(ports, activation.id, 'press', '2026-03-10T10:20:00.000Z');

    const result = await evaluateCommitments({ activationId: activation.id }, ports);

    expect(result.missed).toBe(2);
    expect(result.verdicts.map((v) => [v.audience ?? v.commitment, v.status, v.marginSeconds])).toEqual([
      ['M7-1', 'missed', -1],
      ['officials', 'met', 3_000],
      ['press', 'met', 2_400],
      ['publicLine', 'missed', -1],
    ]);
    expect(await ports.store.get(activation.id)).toMatchObject({
      status: 'evaluated',
      evaluatedAt: '2026-03-10T11:00:01.000Z',
    });
    expect(await ports.timeline.list(activation.id)).toContainEqual(
      expect.objectContaining({
        type: 'commitments.evaluated',
        at: '2026-03-10T11:00:01.000Z',
        details: { verdicts: result.verdicts },
      }),
    );
  });
});
