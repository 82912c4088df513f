import { describe, expect, it } from 'vitest';
import { addSeconds } from '#domain/activation';
import type { CommitmentId, Verdict, VerdictStatus } from '#domain/commitments';
import {
  addMonthsInZone,
  type CommitmentsReport,
  commitmentsReport,
  csvField,
  DEFAULT_EXERCISE_POLICY,
  informedSecondsOf,
  m73Verdict,
  type ReportedActivation,
  reportCsv,
} from '#domain/report';
import type { TimelineEvent } from '#domain/timeline';
import { anActivation } from '#tests/helpers/fixtures';

const PARIS = 'Europe/Paris';
const endOf2026 = new Date('2027-01-10T09:00:00.000Z');
const m73For2026 = (dates: string[], now: Date) =>
  m73Verdict(dates, 2026, now, DEFAULT_EXERCISE_POLICY, PARIS);

describe('addMonthsInZone', () => {
  it('adds calendar months on the Paris wall clock, across the change to summer time', () => {
    // 10:00 in Paris on 12 January (UTC+1) + 9 months = 10:00 in Paris on 12 October (UTC+2).
    expect(addMonthsInZone('2026-01-12T09:00:00.000Z', 9, PARIS)).toBe('2026-10-12T08:00:00.000Z');
  });

  it('ends on the last day of a shorter month', () => {
    expect(addMonthsInZone('2026-05-31T08:00:00.000Z', 9, PARIS)).toBe('2027-02-28T09:00:00.000Z');
  });
});

describe('m73Verdict', () => {
  it('is met with two exercises in the year and no stretch over 9 months', () => {
    const verdict = m73For2026(
      ['2025-11-20T09:00:00.000Z', '2026-03-10T09:00:00.000Z', '2026-10-05T08:00:00.000Z'],
      endOf2026,
    );

    expect(verdict).toEqual({
      commitment: 'M7-3',
      dueAt: '2026-12-31T23:00:00.000Z',
      status: 'met',
      exercises: 2,
      // 10 March to 5 October.
      longestGapDays: 209,
      lastExerciseAt: '2026-10-05T08:00:00.000Z',
      // 5 October to 31 December: the year is over.
      daysSinceLastExercise: 87,
      reasons: [],
    });
  });

  it('is missed at the year’s end with a single exercise', () => {
    const verdict = m73For2026(['2026-06-15T08:00:00.000Z'], endOf2026);

    expect(verdict.status).toBe('missed');
    expect(verdict.exercises).toBe(1);
    expect(verdict.reasons).toEqual(['Un seul exercice en 2026 ; 2 au moins sont attendus.']);
  });

  it('is missed at the year’s end without any exercise, the whole year being a stretch too long', () => {
    const verdict = m73For2026([], endOf2026);

    expect(verdict).toMatchObject({ status: 'missed', exercises: 0, longestGapDays: 364 });
    expect(verdict.lastExerciseAt).toBeNull();
    expect(verdict.daysSinceLastExercise).toBeNull();
    expect(verdict.reasons).toEqual([
      'Aucun exercice en 2026 ; 2 au moins sont attendus.',
      'Plus de 9 mois sans exercice : du 1er janvier au 31 décembre 2026.',
    ]);
  });

  it('is missed as soon as two exercises are more than 9 months apart, whatever the count', () => {
    const verdict = m73For2026(
      ['2026-01-12T09:00:00.000Z', '2026-11-03T09:00:00.000Z'],
      new Date('2026-11-20T09:00:00.000Z'),
    );

    expect(verdict.status).toBe('missed');
    expect(verdict.exercises).toBe(2);
    expect(verdict.reasons).toEqual(['Plus de 9 mois sans exercice : du 12 janvier au 3 novembre 2026.']);
  });

  it('counts the last exercise of the previous year as the start of the first stretch', () => {
    const verdict = m73For2026(
      [
        '2024-06-01T08:00:00.000Z',
        '2025-02-12T09:00:00.000Z',
        '2026-03-03T09:00:00.000Z',
        '2026-06-01T08:00:00.000Z',
      ],
      new Date('2026-07-01T08:00:00.000Z'),
    );

    expect(verdict.status).toBe('missed');
    // 12 February 2025 to 3 March 2026.
    expect(verdict.longestGapDays).toBe(384);
    expect(verdict.reasons).toEqual(['Plus de 9 mois sans exercice : du 12 février 2025 au 3 mars 2026.']);
  });

  it('allows exactly 9 calendar months between two exercises, not a minute more', () => {
    const first = '2026-01-12T09:00:00.000Z';
    const nineMonthsLater = '2026-10-12T08:00:00.000Z';

    expect(m73For2026([first, nineMonthsLater], endOf2026).status).toBe('met');
    expect(m73For2026([first, addSeconds(nineMonthsLater, 60)], endOf2026).status).toBe('missed');
  });

  it('is pending mid-year while the count is short and no stretch is too long', () => {
    const verdict = m73For2026(['2026-03-10T09:00:00.000Z'], new Date('2026-06-01T10:00:00.000Z'));

    expect(verdict).toEqual({
      commitment: 'M7-3',
      dueAt: '2026-12-31T23:00:00.000Z',
      status: 'pending',
      exercises: 1,
      longestGapDays: 83,
      lastExerciseAt: '2026-03-10T09:00:00.000Z',
      daysSinceLastExercise: 83,
      reasons: ['Un seul exercice en 2026 à ce jour ; 2 au moins sont attendus d’ici la fin de l’année.'],
    });
  });

  it('is met mid-year, then missed when the last exercise grows older than 9 months before the year ends', () => {
    const dates = ['2026-01-20T09:00:00.000Z', '2026-02-15T09:00:00.000Z'];

    expect(m73For2026(dates, new Date('2026-06-01T08:00:00.000Z')).status).toBe('met');
    const later = m73For2026(dates, new Date('2026-11-16T09:00:00.000Z'));
    expect(later.status).toBe('missed');
    expect(later.reasons).toEqual(['Plus de 9 mois sans exercice : depuis le 15 février 2026.']);
  });

  it('counts an exercise at 00:30 on 1 January in Paris in the new year', () => {
    const dates = ['2026-05-04T08:00:00.000Z', '2026-12-31T23:30:00.000Z'];
    const now = new Date('2027-03-01T09:00:00.000Z');

    const in2026 = m73Verdict(dates, 2026, now, DEFAULT_EXERCISE_POLICY, PARIS);
    const in2027 = m73Verdict(dates, 2027, now, DEFAULT_EXERCISE_POLICY, PARIS);

    expect(in2026.exercises).toBe(1);
    expect(in2026.lastExerciseAt).toBe('2026-05-04T08:00:00.000Z');
    expect(in2027.exercises).toBe(1);
    expect(in2027.lastExerciseAt).toBe('2026-12-31T23:30:00.000Z');
    // 1 January to 1 March 2027, in Paris.
    expect(in2027.daysSinceLastExercise).toBe(59);
  });

  it('follows the policy it is given', () => {
    const dates = ['2026-06-15T08:00:00.000Z'];

    const seven = m73Verdict(dates, 2026, endOf2026, { minPerYear: 1, maxMonthsBetween: 7 }, PARIS);
    const six = m73Verdict(dates, 2026, endOf2026, { minPerYear: 1, maxMonthsBetween: 6 }, PARIS);

    expect(seven.status).toBe('met');
    expect(seven.reasons).toEqual([]);
    expect(six.status).toBe('missed');
    expect(six.reasons).toEqual(['Plus de 6 mois sans exercice : du 15 juin au 31 décembre 2026.']);
  });
});

describe('informedSecondsOf', () => {
  const event = (type: TimelineEvent['type'], at: string, audience?: TimelineEvent['audience']) => ({
    activationId: 'act-1',
    at,
    type,
    actor: 'system',
    ...(audience ? { audience } : {}),
    details: {},
  });

  it('measures from T0 to the first completed dispatch of each informed audience', () => {
    const informed = informedSecondsOf({ decidedAt: '2026-03-10T10:00:00.000Z' }, [
      event('dispatch.completed', '2026-03-10T10:40:00.000Z', 'press'),
      event('dispatch.completed', '2026-03-10T10:12:30.000Z', 'officials'),
      event('dispatch.failed', '2026-03-10T10:05:00.000Z', 'publicLine'),
      event('message.dispatched', '2026-03-10T10:06:00.000Z', 'publicLine'),
      event('dispatch.completed', '2026-03-10T10:20:00.000Z', 'press'),
    ]);

    expect(informed).toStrictEqual({ officials: 750, press: 1_200 });
  });
});

const verdict = (
  commitment: CommitmentId,
  status: VerdictStatus,
  audience?: Verdict['audience'],
): Verdict => ({
  commitment,
  ...(audience ? { audience } : {}),
  dueAt: '2026-03-10T11:00:00.000Z',
  metAt: null,
  status,
  marginSeconds: 0,
});

const reported = (
  overrides: Parameters<typeof anActivation>[0],
  verdicts: Verdict[],
  informedSeconds: ReportedActivation['informedSeconds'] = {},
): ReportedActivation => ({ activation: anActivation(overrides), verdicts, informedSeconds });

const reportOf = (activations: ReportedActivation[], exerciseDatesBefore: string[] = []) =>
  commitmentsReport({
    year: 2026,
    now: endOf2026,
    policy: DEFAULT_EXERCISE_POLICY,
    timeZone: PARIS,
    activations,
    exerciseDatesBefore,
  });

describe('commitmentsReport', () => {
  it('counts only judged verdicts in each commitment’s rate', () => {
    const report = reportOf([
      reported({}, [verdict('M7-1', 'met'), verdict('M7-2', 'met', 'officials'), verdict('M7-4', 'pending')]),
      reported({}, [verdict('M7-1', 'missed'), verdict('M7-2', 'pending', 'officials')]),
      reported({}, [verdict('M7-1', 'met'), verdict('M7-2', 'missed', 'press')]),
      reported({}, [verdict('M7-1', 'pending')]),
    ]);

    expect(report.rates).toEqual([
      { commitment: 'M7-1', met: 2, judged: 3, rate: 2 / 3 },
      { commitment: 'M7-2', audience: 'officials', met: 1, judged: 1, rate: 1 },
      { commitment: 'M7-2', audience: 'press', met: 0, judged: 1, rate: 0 },
      { commitment: 'M7-2', audience: 'publicLine', met: 0, judged: 0, rate: null },
      { commitment: 'M7-4', met: 0, judged: 0, rate: null },
    ]);
  });

  it('gives the median and the worst time to inform, the median of an even count rounded to the second', () => {
    const report = reportOf([
      reported({ mode: 'real' }, [], { officials: 3_000, press: 100 }),
      reported({}, [], { officials: 600, press: 301 }),
      reported({}, [], { officials: 1_200 }),
    ]);

    expect(report.timeToInform).toEqual([
      { audience: 'officials', median: 1_200, worst: 3_000, count: 3 },
      { audience: 'press', median: 201, worst: 301, count: 2 },
      { audience: 'publicLine', median: null, worst: null, count: 0 },
    ]);
    expect(report.timeToInformByMode.real[0]).toEqual({
      audience: 'officials',
      median: 3_000,
      worst: 3_000,
      count: 1,
    });
    expect(report.timeToInformByMode.exercise[0]).toEqual({
      audience: 'officials',
      median: 900,
      worst: 1_200,
      count: 2,
    });
  });

  it('keeps the year’s activations in Paris, oldest first, and counts exercises and real ones', () => {
    const report = reportOf(
      [
        reported({ id: 'act-nextyear', decidedAt: '2026-12-31T23:30:00.000Z' }, []),
        reported({ id: 'act-october', decidedAt: '2026-10-05T08:00:00.000Z' }, []),
        reported({ id: 'act-newyear', decidedAt: '2025-12-31T23:30:00.000Z', mode: 'real' }, []),
        reported({ id: 'act-march', decidedAt: '2026-03-10T09:00:00.000Z' }, []),
      ],
      ['2025-11-20T09:00:00.000Z'],
    );

    expect(report.register.map((entry) => entry.id)).toEqual(['act-newyear', 'act-march', 'act-october']);
    expect(report).toMatchObject({
      year: 2026,
      from: '2025-12-31T23:00:00.000Z',
      to: '2026-12-31T23:00:00.000Z',
      exercises: 2,
      realActivations: 1,
      daysSinceLastExercise: 87,
    });
    expect(report.m73).toMatchObject({
      status: 'met',
      exercises: 2,
      lastExerciseAt: '2026-10-05T08:00:00.000Z',
    });
  });
});

describe('csvField', () => {
  it('leaves plain text as it is', () => {
    expect(csvField('Crue du Fier')).toBe('Crue du Fier');
  });

  it('quotes a field with a separator, a quote or a line break, doubling its quotes', () => {
    expect(csvField('Crue "majeure"; Fier')).toBe('"Crue ""majeure""; Fier"');
    expect(csvField('Crue\r\ndu Fier')).toBe('"Crue\r\ndu Fier"');
    expect(csvField('Crue\ndu Fier')).toBe('"Crue\ndu Fier"');
  });

  it('neutralises text a spreadsheet would read as a formula', () => {
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('+33639980009')).toBe("'+33639980009");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('=HYPERLINK("http://x.test";"clic")')).toBe('"\'=HYPERLINK(""http://x.test"";""clic"")"');
  });
});

describe('reportCsv', () => {
  const aReport = (): CommitmentsReport =>
    reportOf(
      [
        reported(
          { id: 'act-march', decidedAt: '2026-03-10T10:00:00.000Z', synergiRef: 'SYN-2026-0042' },
          [
            verdict('M7-1', 'met'),
            verdict('M7-2', 'met', 'officials'),
            verdict('M7-2', 'missed', 'press'),
            verdict('M7-2', 'pending', 'publicLine'),
          ],
          { officials: 1_200, press: 3_725 },
        ),
        reported(
          {
            id: 'act-october',
            mode: 'real',
            eventType: 'storm',
            decidedAt: '2026-10-05T08:00:00.000Z',
            title: '=HYPERLINK("http://x.test")',
            synergiRef: '@SYN; 7',
          },
          [verdict('M7-1', 'missed')],
          { officials: 600 },
        ),
      ],
      ['2025-11-20T09:00:00.000Z'],
    );

  it('begins with a BOM and ends every line with CRLF', () => {
    const csv = reportCsv(aReport());

    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('writes the figures, with times in seconds and as mm:ss, rates in percent', () => {
    const lines = reportCsv(aReport()).slice(1).split('\r\n');

    expect(lines.slice(0, 15)).toEqual([
      'Revue annuelle Qual-e-pref, module 7;2026',
      'Calculé le;10/01/2027 10:00',
      'Politique d’exercices;2 par an au moins, 9 mois au plus entre deux',
      '',
      'Indicateur;Valeur',
      'Exercices;1',
      'Activations réelles;1',
      'Dernier exercice;10/03/2026 11:00',
      'Jours depuis le dernier exercice;296',
      'Plus long intervalle sans exercice (jours);296',
      'M7-3;Non tenu',
      // The French semicolon of the reason is the separator: the field is quoted.
      'Motif M7-3;"Un seul exercice en 2026 ; 2 au moins sont attendus."',
      'Motif M7-3;Plus de 9 mois sans exercice : du 10 mars au 31 décembre 2026.',
      '',
      'Engagement;Tenus;Jugés;Taux (%)',
    ]);
    expect(lines).toContain('M7-1;1;2;50');
    expect(lines).toContain('M7-2 Élus;1;1;100');
    expect(lines).toContain('M7-2 Ligne d’information du public;0;0;');
    expect(lines).toContain('Élus;Tous;2;900;15:00;1200;20:00');
    expect(lines).toContain('Médias;Exercices;1;3725;62:05;3725;62:05');
    expect(lines).toContain('Médias;Réelles;0;;;;');
  });

  it('writes the register in the Paris zone, with user text quoted and neutralised', () => {
    const lines = reportCsv(aReport()).slice(1).split('\r\n');
    const header = lines.indexOf('Registre') + 1;

    expect(lines.slice(header, header + 3)).toEqual([
      'Date (T0);Mode;Titre;Événement;Référence SYNERGI;M7-1;M7-2 Élus;M7-2 Médias;M7-2 Ligne d’information du public;M7-4;Identifiant',
      '10/03/2026 11:00;Exercice;Crue du Fier;Inondation;SYN-2026-0042;Tenu;Tenu;Non tenu;En cours;;act-march',
      '05/10/2026 10:00;Réel;"\'=HYPERLINK(""http://x.test"")";Tempête;"\'@SYN; 7";Non tenu;;;;;act-october',
    ]);
  });

  it('gives a rate of two thirds with one decimal and a decimal comma', () => {
    const report = aReport();
    report.rates[0] = { commitment: 'M7-1', met: 2, judged: 3, rate: 2 / 3 };

    expect(reportCsv(report).split('\r\n')).toContain('M7-1;2;3;66,7');
  });
});
