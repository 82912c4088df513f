import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#domain/errors';
import { anActivation, fixedClock, recordInformed, useTestTable } from '#tests/helpers/local-table';
import { getActivation, getTimeline, listActivations } from '#use-cases/read-activations';

describe('reading activations', () => {
  const table = useTestTable();

  it('counts an activation decided at 00:30 on 1 January in Paris in the new year', async () => {
    const newYear = anActivation({ decidedAt: '2026-12-31T23:30:00.000Z' });
    const oldYear = anActivation({ decidedAt: '2026-12-31T22:30:00.000Z' });
    await table.store.create(newYear);
    await table.store.create(oldYear);

    const in2027 = await listActivations({ year: 2027, limit: 50 }, table);
    const in2026 = await listActivations({ year: 2026, limit: 50 }, table);

    expect(in2027.items.map((item) => item.id)).toEqual([newYear.id]);
    expect(in2026.items.map((item) => item.id)).toContain(oldYear.id);
    expect(in2026.items.map((item) => item.id)).not.toContain(newYear.id);
  });

  it('shows readers everything but the request hash', async () => {
    const activation = anActivation();
    await table.store.create(activation);

    const { activation: read } = await getActivation(activation.id, {
      ...table,
      clockFor: () => fixedClock(activation.deadline),
    });
    const { items } = await listActivations({ limit: 100 }, table);

    expect(read).not.toHaveProperty('requestHash');
    expect(read).toMatchObject({ id: activation.id, synergiRef: activation.synergiRef });
    expect(items.every((item) => !('requestHash' in item))).toBe(true);
  });

  it('judges the verdicts on the activation’s clock', async () => {
    const activation = anActivation();
    await table.store.create(activation);
    await recordInformed(table, activation.id, 'press', '2026-03-10T10:20:00.000Z');

    const { verdicts } = await getActivation(activation.id, {
      ...table,
      clockFor: () => fixedClock('2026-03-10T10:30:00.000Z'),
    });

    expect(verdicts.map((verdict) => [verdict.audience, verdict.status, verdict.marginSeconds])).toEqual([
      ['officials', 'pending', 1_800],
      ['press', 'met', 2_400],
      ['publicLine', 'pending', 1_800],
    ]);
  });

  it('answers NotFoundError for an unknown id, for the activation and its timeline', async () => {
    await expect(
      getActivation('act-unknown', { ...table, clockFor: () => fixedClock('2026-03-10T10:30:00.000Z') }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(getTimeline('act-unknown', table)).rejects.toBeInstanceOf(NotFoundError);
  });
});
