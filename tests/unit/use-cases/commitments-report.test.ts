import { describe, expect, it, vi } from 'vitest';
import { type Activation, addSeconds } from '#domain/activation';
import { ValidationError } from '#domain/errors';
import { fakePorts } from '#tests/helpers/fakes';
import { anActivation, recordInformed } from '#tests/helpers/fixtures';
import { commitmentsReport } from '#use-cases/commitments-report';

/** An activation with its T0 at `decidedAt` and the times that follow from it. */
const decided = (decidedAt: string, overrides: Partial<Activation> = {}) =>
  anActivation({
    decidedAt,
    acceptedAt: addSeconds(decidedAt, 180),
    deadline: addSeconds(decidedAt, 3_600),
    warnAt: addSeconds(decidedAt, 2_700),
    ...overrides,
  });

describe('the yearly commitments report', () => {
  it('reads every activation of the year, page after page', async () => {
    const activations = Array.from({ length: 205 }, (_, index) =>
      decided(addSeconds('2026-02-01T09:00:00.000Z', index * 3_600), { mode: 'real' }),
    );
    const ports = fakePorts({ activations, now: '2026-06-01T08:00:00.000Z' });
    const list = vi.spyOn(ports.store, 'list');

    const report = await commitmentsReport({ year: 2026 }, ports);

    expect(report.realActivations).toBe(205);
    expect(report.register).toHaveLength(205);
    expect(report.register[0]?.decidedAt).toBe('2026-02-01T09:00:00.000Z');
    const yearPages = list.mock.calls.filter(([query]) => query.decidedFrom !== undefined);
    expect(yearPages).toHaveLength(3);
    expect(yearPages[0]?.[0]).toEqual({
      decidedFrom: '2025-12-31T23:00:00.000Z',
      decidedBefore: '2026-12-31T23:00:00.000Z',
      limit: 100,
    });
    expect(yearPages[1]?.[0].cursor).toEqual(expect.any(String));
  });

  it('judges each activation from its timeline at the clock’s instant and times each audience', async () => {
    const activation = decided('2026-03-10T10:00:00.000Z');
    const ports = fakePorts({ activations: [activation], now: '2026-03-10T10:30:00.000Z' });
    await recordInformed(ports, activation.id, 'press', '2026-03-10T10:20:00.000Z');

    const report = await commitmentsReport({ year: 2026 }, ports);

    expect(report.computedAt).toBe('2026-03-10T10:30:00.000Z');
    expect(
      report.register[0]?.verdicts.map((verdict) => [verdict.audience ?? verdict.commitment, verdict.status]),
    ).toEqual([
      ['M7-1', 'pending'],
      ['officials', 'pending'],
      ['press', 'met'],
      ['publicLine', 'pending'],
    ]);
    expect(report.rates.map((rate) => [rate.audience ?? rate.commitment, rate.met, rate.judged])).toEqual([
      ['M7-1', 0, 0],
      ['officials', 0, 0],
      ['press', 1, 1],
      ['publicLine', 0, 0],
      ['M7-4', 0, 0],
    ]);
    expect(report.timeToInform[1]).toEqual({ audience: 'press', median: 1_200, worst: 1_200, count: 1 });
  });

  it('starts the first stretch of M7-3 at the latest exercise before the year, not at a real event', async () => {
    const ports = fakePorts({
      activations: [
        decided('2024-06-01T08:00:00.000Z'),
        decided('2025-02-12T09:00:00.000Z'),
        decided('2025-10-01T08:00:00.000Z', { mode: 'real' }),
        decided('2026-03-03T09:00:00.000Z'),
        decided('2026-06-01T08:00:00.000Z'),
      ],
      now: '2026-07-01T08:00:00.000Z',
    });

    const report = await commitmentsReport({ year: 2026 }, ports);

    expect(report.exercises).toBe(2);
    expect(report.realActivations).toBe(0);
    expect(report.m73.status).toBe('missed');
    expect(report.m73.reasons).toEqual(['Plus de 9 mois sans exercice : du 12 février 2025 au 3 mars 2026.']);
  });

  it('counts an exercise at 00:30 on 1 January in Paris in the new year', async () => {
    const newYear = decided('2026-12-31T23:30:00.000Z');
    const ports = fakePorts({
      activations: [decided('2026-05-04T08:00:00.000Z'), newYear],
      now: '2027-03-01T09:00:00.000Z',
    });

    const in2026 = await commitmentsReport({ year: 2026 }, ports);
    const in2027 = await commitmentsReport({ year: 2027 }, ports);

    expect(in2026.exercises).toBe(1);
    expect(in2026.m73.lastExerciseAt).toBe('2026-05-04T08:00:00.000Z');
    expect(in2027.register.map((entry) => entry.id)).toEqual([newYear.id]);
    expect(in2027.daysSinceLastExercise).toBe(59);
  });

  it('judges M7-3 against the policy of the settings', async () => {
    const ports = fakePorts({
      activations: [decided('2026-06-15T08:00:00.000Z')],
      now: '2027-01-10T09:00:00.000Z',
    });

    const byDefault = await commitmentsReport({ year: 2026 }, ports);
    const once = await commitmentsReport({ year: 2026 }, ports, {
      policy: { minPerYear: 1, maxMonthsBetween: 7 },
    });

    expect(byDefault.m73.status).toBe('missed');
    expect(byDefault.policy).toEqual({ minPerYear: 2, maxMonthsBetween: 9 });
    expect(once.m73.status).toBe('met');
  });

  it.each([1999, 2101, 2026.5, Number.NaN])('rejects the year %s on the field year', async (year) => {
    const ports = fakePorts();
    const list = vi.spyOn(ports.store, 'list');

    const error = await commitmentsReport({ year }, ports).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'year', message: 'L’année doit être un nombre entier de 2000 à 2100.' },
    ]);
    expect(list).not.toHaveBeenCalled();
  });

  it('accepts the first and the last year of the range', async () => {
    const ports = fakePorts();

    await expect(commitmentsReport({ year: 2000 }, ports)).resolves.toMatchObject({
      year: 2000,
      exercises: 0,
    });
    await expect(commitmentsReport({ year: 2100 }, ports)).resolves.toMatchObject({
      year: 2100,
      exercises: 0,
    });
  });
});
