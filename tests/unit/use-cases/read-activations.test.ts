import { describe, expect, it, vi } from 'vitest';
import { NotFoundError } from '#domain/errors';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation, fixedClock, recordInformed } from '#tests/helpers/fixtures';
import { getActivation, getTimeline, listActivations } from '#use-cases/read-activations';

describe('reading activations', () => {
  it('counts an activation decided at 00:30 on 1 January in Paris in the new year', async () => {
    const newYear = anActivation({ decidedAt: '2026-12-31T23:30:00.000Z' });
    const oldYear = anActivation({ decidedAt: '2026-12-31T22:30:00.000Z' });
    const ports = fakePorts({ activations: [newYear, oldYear] });

    const in2027 = await listActivations({ year: 2027, limit: 50 }, ports);
    const in2026 = await listActivations({ year: 2026, limit: 50 }, ports);

    expect(in2027.items.map((item) => item.id)).toEqual([newYear.id]);
    expect(in2026.items.map((item) => item.id)).toEqual([oldYear.id]);
  });

  it('shows readers everything but the request hash', async () => {
    const activation = anActivation();
    const ports = fakePorts({ activations: [activation], clockFor: () => fixedClock(activation.deadline) });

    const { activation: read, verdicts, now } = await getActivation(activation.id, ports);
    const { items } = await listActivations({ limit: 100 }, ports);

    const { requestHash: _hash, ...visible } = activation;
    expect(read).not.toHaveProperty('requestHash');
    expect(read).toStrictEqual(visible);
    // The list carries each activation's verdicts, the same as the activation's own; the clock's now too.
    expect(items).toStrictEqual([{ ...visible, verdicts }]);
    expect(verdicts).toHaveLength(4);
    expect(now).toBe(activation.deadline);
  });

  it('judges the verdicts on the activation’s clock', async () => {
    const activation = anActivation();
    const clockFor = vi.fn(() => fixedClock('2026-03-10T10:30:00.000Z'));
    // The ports' own clock is elsewhere: only the activation's clock may judge.
    const ports = fakePorts({ activations: [activation], now: '2026-03-10T12:00:00.000Z', clockFor });
    await recordInformed(ports, activation.id, 'press', '2026-03-10T10:20:00.000Z');

    const { verdicts } = await getActivation(activation.id, ports);

    expect(clockFor).toHaveBeenCalledWith(activation.acceptedAt);
    expect(
      verdicts.map((verdict) => [
        verdict.audience ?? verdict.commitment,
        verdict.status,
        verdict.marginSeconds,
      ]),
    ).toEqual([
      ['M7-1', 'pending', 1_800],
      ['officials', 'pending', 1_800],
      ['press', 'met', 2_400],
      ['publicLine', 'pending', 1_800],
    ]);
  });

  it('answers NotFoundError for an unknown id, for the activation and its timeline', async () => {
    const ports = fakePorts({ clockFor: () => fixedClock('2026-03-10T10:30:00.000Z') });

    await expect(getActivation('act-unknown', ports)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getTimeline('act-unknown', ports)).rejects.toBeInstanceOf(NotFoundError);
  });
});
