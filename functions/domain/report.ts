/**
 * The yearly review of Module 7 (Qual-e-pref), as the quality officer presents it to the steering committee:
 * the exercise register against the exercise policy (M7-3), each commitment's rate of `met`, the time taken
 * to inform each audience, and the same figures as a CSV for a spreadsheet. Pure: no I/O.
 */
import {
  type Activation,
  AUDIENCE_LABELS,
  AUDIENCES,
  type Audience,
  HAZARD_LABELS,
  type Hazard,
  MODES,
  type Mode,
  PREFECTURE_TIME_ZONE,
  startOfYear,
} from './activation.ts';
import type { CommitmentId, Verdict, VerdictStatus } from './commitments.ts';
import { zoneOffsetAt } from './time-zone.ts';
import type { TimelineEvent } from './timeline.ts';

// ---------------------------------------------------------------------------------------------------------
// Exercise policy and M7-3

/** How often the prefecture commits to exercising its emergency communication (configuration). */
export interface ExercisePolicy {
  /** Communication exercises expected in each calendar year. */
  minPerYear: number;
  /** The longest time allowed without an exercise, in calendar months. */
  maxMonthsBetween: number;
}

/** At least two communication exercises a year, never more than 9 months between two. */
export const DEFAULT_EXERCISE_POLICY: ExercisePolicy = { minPerYear: 2, maxMonthsBetween: 9 };

/**
 * M7-3 for one calendar year, in the shape of a verdict. `met` says the policy holds up to now: while the year
 * runs, a `met` may still become `missed` (the last exercise grows older than the limit before the year ends).
 */
export interface ExerciseVerdict {
  commitment: 'M7-3';
  /** The end of the year in the prefecture's zone: when the count is judged. */
  dueAt: string;
  status: VerdictStatus;
  /** Exercises with their T0 in the year. */
  exercises: number;
  /** The longest time without an exercise in the year so far, in calendar days of the prefecture's zone. */
  longestGapDays: number;
  /** T0 of the latest exercise up to now or the end of the year, whatever its year. */
  lastExerciseAt: string | null;
  /** Calendar days from the latest exercise to today, or to 31 December once the year is over. */
  daysSinceLastExercise: number | null;
  /** Why it is not met, in French for the committee; empty when it is. */
  reasons: string[];
}

const DAY_MS = 86_400_000;

/** The wall clock of an instant in a zone, read through the UTC fields of the shifted date. */
const wallOf = (at: number, timeZone: string) => new Date(at + zoneOffsetAt(timeZone, at));

/** The instant at which a zone's wall clock reads the given UTC-field time (the offset settles in two steps). */
const instantOfWall = (wall: number, timeZone: string): number => {
  const guess = wall - zoneOffsetAt(timeZone, wall);
  return wall - zoneOffsetAt(timeZone, guess);
};

/**
 * Adds calendar months on the zone's wall clock (12 January + 9 months = 12 October, same time of day). A day
 * the target month lacks becomes its last day (31 May + 9 months = 29 February in a leap year), as
 * spreadsheets and date libraries do.
 */
export const addMonthsInZone = (iso: string, months: number, timeZone = PREFECTURE_TIME_ZONE): string => {
  const wall = wallOf(Date.parse(iso), timeZone);
  const month = wall.getUTCMonth() + months;
  const year = wall.getUTCFullYear() + Math.floor(month / 12);
  const monthOfYear = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, monthOfYear + 1, 0)).getUTCDate();
  const target = Date.UTC(
    year,
    monthOfYear,
    Math.min(wall.getUTCDate(), lastDay),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
    wall.getUTCMilliseconds(),
  );
  return new Date(instantOfWall(target, timeZone)).toISOString();
};

/** Calendar days between the dates of two instants in the zone (what a spreadsheet subtracting dates says). */
const calendarDaysBetween = (from: number, to: number, timeZone: string) => {
  const day = (at: number) => {
    const wall = wallOf(at, timeZone);
    return Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  };
  return Math.round((day(to) - day(from)) / DAY_MS);
};

/** A French date in the zone, as a sentence says it: `1er janvier`, `3 novembre 2026`. */
const frenchDate = (at: number, timeZone: string, withYear: boolean) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    day: 'numeric',
    month: 'long',
    ...(withYear ? { year: 'numeric' } : {}),
  })
    .format(new Date(at))
    .replace(/^1 /, '1er ');

/** One stretch without an exercise: from an exercise (or the year's start) to the next, today or the year's end. */
interface Gap {
  from: number;
  to: number;
  until: 'exercise' | 'now' | 'yearEnd';
}

/** The stretch's last instant that a date shows: the year's end is 1 January, 00:00, so 31 December. */
const lastInstantOf = (gap: Gap) => (gap.until === 'yearEnd' ? gap.to - 1 : gap.to);

/** "du 12 janvier au 3 novembre 2026", "du 3 novembre 2025 au 12 septembre 2026", "depuis le 12 janvier 2026". */
const describeGap = (gap: Gap, timeZone: string) => {
  if (gap.until === 'now') return `depuis le ${frenchDate(gap.from, timeZone, true)}`;
  const to = lastInstantOf(gap);
  const sameYear = wallOf(gap.from, timeZone).getUTCFullYear() === wallOf(to, timeZone).getUTCFullYear();
  return `du ${frenchDate(gap.from, timeZone, !sameYear)} au ${frenchDate(to, timeZone, true)}`;
};

const exercisesPhrase = (count: number) =>
  count === 0 ? 'Aucun exercice' : count === 1 ? 'Un seul exercice' : `${count} exercices`;

const expectedPhrase = (min: number) =>
  min === 1 ? '1 au moins est attendu' : `${min} au moins sont attendus`;

/**
 * The stretches without an exercise that count for the year: from the last exercise before the year (or the
 * year's start when there is none) through each exercise of the year, then to the horizon (today, or the
 * year's end once it is over). Nothing is measured for a year that has not begun.
 */
const gapsOf = (
  before: number | undefined,
  inYear: readonly number[],
  year: { start: number; end: number },
  horizon: number,
): Gap[] => {
  if (horizon < year.start) return [];
  const marks = [before ?? year.start, ...inYear];
  const gaps = marks
    .slice(1)
    .map((to, index): Gap => ({ from: marks[index] as number, to, until: 'exercise' }));
  const last = marks.at(-1) as number;
  if (horizon > last) gaps.push({ from: last, to: horizon, until: horizon === year.end ? 'yearEnd' : 'now' });
  return gaps;
};

/** A stretch is too long when it ends after its start plus the allowed calendar months. */
const isTooLong = (gap: Gap, policy: ExercisePolicy, timeZone: string) =>
  gap.to > Date.parse(addMonthsInZone(new Date(gap.from).toISOString(), policy.maxMonthsBetween, timeZone));

/** Why M7-3 is not met: the count (short so far, or short at the year's end), then each stretch too long. */
const m73Reasons = (
  year: number,
  count: number,
  yearOver: boolean,
  tooLong: readonly Gap[],
  policy: ExercisePolicy,
  timeZone: string,
) => [
  ...(count >= policy.minPerYear
    ? []
    : yearOver
      ? [`${exercisesPhrase(count)} en ${year} ; ${expectedPhrase(policy.minPerYear)}.`]
      : [
          `${exercisesPhrase(count)} en ${year} à ce jour ; ${expectedPhrase(policy.minPerYear)} d’ici la fin de l’année.`,
        ]),
  ...tooLong.map(
    (gap) => `Plus de ${policy.maxMonthsBetween} mois sans exercice : ${describeGap(gap, timeZone)}.`,
  ),
];

/**
 * M7-3 for `year`: `exerciseDates` are the T0s of the exercises up to the end of the year, earlier years
 * included (the latest one before the year starts its first stretch; an exercise whose T0 is after `now` is
 * not held yet). Missed as soon as a stretch without an exercise exceeds `maxMonthsBetween` calendar months,
 * or once the year is over with fewer than `minPerYear`; pending while the year runs short of exercises and
 * nothing is missed yet; met otherwise.
 *
 * While the year runs, `met` is the state so far: it becomes `missed` if the latest exercise grows older
 * than the limit before the year ends.
 */
export const m73Verdict = (
  exerciseDates: readonly string[],
  year: number,
  now: Date,
  policy: ExercisePolicy = DEFAULT_EXERCISE_POLICY,
  timeZone = PREFECTURE_TIME_ZONE,
): ExerciseVerdict => {
  const start = Date.parse(startOfYear(year, timeZone));
  const dueAt = startOfYear(year + 1, timeZone);
  const end = Date.parse(dueAt);
  const horizon = Math.min(now.getTime(), end);
  const held = exerciseDates
    .map((iso) => Date.parse(iso))
    .filter((at) => at <= horizon && at < end)
    .sort((a, b) => a - b);
  const inYear = held.filter((at) => at >= start);
  const gaps = gapsOf(held.filter((at) => at < start).at(-1), inYear, { start, end }, horizon);
  const tooLong = gaps.filter((gap) => isTooLong(gap, policy, timeZone));
  const yearOver = now.getTime() >= end;
  const short = inYear.length < policy.minPerYear;
  const lastExercise = held.at(-1);
  // Days are counted to today, or to 31 December once the year is over (its end is 1 January, 00:00).
  const lastDay = horizon === end ? end - 1 : horizon;
  return {
    commitment: 'M7-3',
    dueAt,
    status: tooLong.length > 0 || (yearOver && short) ? 'missed' : short ? 'pending' : 'met',
    exercises: inYear.length,
    longestGapDays: Math.max(
      0,
      ...gaps.map((gap) => calendarDaysBetween(gap.from, lastInstantOf(gap), timeZone)),
    ),
    lastExerciseAt: lastExercise === undefined ? null : new Date(lastExercise).toISOString(),
    daysSinceLastExercise:
      lastExercise === undefined ? null : calendarDaysBetween(lastExercise, lastDay, timeZone),
    reasons: m73Reasons(year, inYear.length, yearOver, tooLong, policy, timeZone),
  };
};

// ---------------------------------------------------------------------------------------------------------
// The yearly report

/** Seconds from T0 to the first completed dispatch of each audience that was informed. */
export type InformedSeconds = Partial<Record<Audience, number>>;

/**
 * Seconds from T0 (`decidedAt`) to the first `dispatch.completed` of each audience, whatever the communes it
 * covered: the time the information took to leave. Whether it fulfilled M7-2 is the verdict's to say.
 */
export const informedSecondsOf = (
  activation: Pick<Activation, 'decidedAt'>,
  events: readonly TimelineEvent[],
): InformedSeconds => {
  const informed: InformedSeconds = {};
  for (const audience of AUDIENCES) {
    const first = events
      .filter((event) => event.type === 'dispatch.completed' && event.audience === audience)
      .map((event) => Date.parse(event.at))
      .sort((a, b) => a - b)[0];
    if (first !== undefined)
      informed[audience] = Math.round((first - Date.parse(activation.decidedAt)) / 1_000);
  }
  return informed;
};

/** One commitment (and audience, for M7-2) counted over the year: verdicts `met` out of those judged. */
export interface CommitmentRate {
  commitment: CommitmentId;
  audience?: Audience;
  met: number;
  /** Verdicts `met` or `missed`; a pending one is not judged yet and is left out. */
  judged: number;
  /** `met / judged`, from 0 to 1; null when nothing is judged. */
  rate: number | null;
}

/** The time taken to inform one audience, in seconds from T0, over the activations that informed it. */
export interface TimeToInform {
  audience: Audience;
  /** The median; for an even count, the mean of the two middle values, rounded to the second. */
  median: number | null;
  worst: number | null;
  count: number;
}

/** One line of the register: an exercise or a real activation, with its verdicts. */
export interface RegisterEntry {
  id: string;
  mode: Mode;
  decidedAt: string;
  title: string;
  eventType: Hazard;
  synergiRef: string;
  verdicts: Verdict[];
}

/** The figures of the yearly review, as the page shows them and the CSV exports them. */
export interface CommitmentsReport {
  year: number;
  /** The year in the prefecture's zone: T0 from (inclusive) and before (exclusive). */
  from: string;
  to: string;
  /** When the figures were computed: a running year's figures hold at that instant. */
  computedAt: string;
  timeZone: string;
  policy: ExercisePolicy;
  exercises: number;
  realActivations: number;
  /** M7-1, M7-2 per audience, M7-4, in that order, over exercises and real activations together. */
  rates: CommitmentRate[];
  /** Per audience, exercises and real activations together. */
  timeToInform: TimeToInform[];
  /** The same, split by mode. */
  timeToInformByMode: Record<Mode, TimeToInform[]>;
  daysSinceLastExercise: number | null;
  m73: ExerciseVerdict;
  /** Exercises and real activations of the year, oldest T0 first. */
  register: RegisterEntry[];
}

/** One activation of the year, with its verdicts and the time each audience took to be informed. */
export interface ReportedActivation {
  activation: Activation;
  verdicts: Verdict[];
  informedSeconds: InformedSeconds;
}

export interface CommitmentsReportInput {
  year: number;
  now: Date;
  policy: ExercisePolicy;
  timeZone: string;
  /** The activations with their T0 in the year (others are left out). */
  activations: readonly ReportedActivation[];
  /** T0s of exercises before the year: the latest starts the year's first stretch without an exercise. */
  exerciseDatesBefore: readonly string[];
}

/** The commitments a rate is counted for, in the order the report shows them. */
const RATED: readonly { commitment: CommitmentId; audience?: Audience }[] = [
  { commitment: 'M7-1' },
  ...AUDIENCES.map((audience) => ({ commitment: 'M7-2' as const, audience })),
  { commitment: 'M7-4' },
];

const ratesOf = (verdicts: readonly Verdict[]): CommitmentRate[] =>
  RATED.map((key) => {
    const judged = verdicts.filter(
      (verdict) =>
        verdict.commitment === key.commitment &&
        verdict.audience === key.audience &&
        verdict.status !== 'pending',
    );
    const met = judged.filter((verdict) => verdict.status === 'met').length;
    return { ...key, met, judged: judged.length, rate: judged.length === 0 ? null : met / judged.length };
  });

/** The median of sorted values; of an even count, the mean of the two middle ones, rounded to the second. */
const median = (sorted: readonly number[]): number | null => {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : Math.round(((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2);
};

const timeToInformOf = (activations: readonly ReportedActivation[]): TimeToInform[] =>
  AUDIENCES.map((audience) => {
    const seconds = activations
      .map((reported) => reported.informedSeconds[audience])
      .filter((value): value is number => value !== undefined)
      .sort((a, b) => a - b);
    return { audience, median: median(seconds), worst: seconds.at(-1) ?? null, count: seconds.length };
  });

const registerEntryOf = ({ activation, verdicts }: ReportedActivation): RegisterEntry => ({
  id: activation.id,
  mode: activation.mode,
  decidedAt: activation.decidedAt,
  title: activation.title,
  eventType: activation.eventType,
  synergiRef: activation.synergiRef,
  verdicts,
});

/**
 * The yearly review: for the activations of `year` (T0 in the year, in the prefecture's zone), the count of
 * exercises and real activations, each commitment's rate of `met`, the median and worst time to inform each
 * audience, M7-3 against the exercise policy, and the register, oldest first.
 */
export const commitmentsReport = (input: CommitmentsReportInput): CommitmentsReport => {
  const from = startOfYear(input.year, input.timeZone);
  const to = startOfYear(input.year + 1, input.timeZone);
  const inYear = (iso: string) => Date.parse(iso) >= Date.parse(from) && Date.parse(iso) < Date.parse(to);
  const ofYear = input.activations
    .filter(({ activation }) => inYear(activation.decidedAt))
    .sort(
      (a, b) =>
        Date.parse(a.activation.decidedAt) - Date.parse(b.activation.decidedAt) ||
        a.activation.id.localeCompare(b.activation.id),
    );
  const ofMode = (mode: Mode) => ofYear.filter(({ activation }) => activation.mode === mode);
  const m73 = m73Verdict(
    [...input.exerciseDatesBefore, ...ofMode('exercise').map(({ activation }) => activation.decidedAt)],
    input.year,
    input.now,
    input.policy,
    input.timeZone,
  );
  return {
    year: input.year,
    from,
    to,
    computedAt: input.now.toISOString(),
    timeZone: input.timeZone,
    policy: input.policy,
    exercises: ofMode('exercise').length,
    realActivations: ofMode('real').length,
    rates: ratesOf(ofYear.flatMap(({ verdicts }) => verdicts)),
    timeToInform: timeToInformOf(ofYear),
    timeToInformByMode: {
      exercise: timeToInformOf(ofMode('exercise')),
      real: timeToInformOf(ofMode('real')),
    },
    daysSinceLastExercise: m73.daysSinceLastExercise,
    m73,
    register: ofYear.map(registerEntryOf),
  };
};

// ---------------------------------------------------------------------------------------------------------
// CSV

/** A cell: text (escaped and neutralised), a figure (written as is, French decimal comma) or empty. */
type Cell = string | number | null;

const STATUS_LABELS: Record<VerdictStatus, string> = {
  met: 'Tenu',
  missed: 'Non tenu',
  pending: 'En cours',
};

const MODE_LABELS: Record<Mode, string> = { exercise: 'Exercice', real: 'Réel' };

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection): `=`, `+`, `-`, `@`,
 * and the tab and carriage return that some spreadsheets skip before them.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One text field: a leading formula character neutralised with `'`, then quoted per RFC 4180 if needed. */
export const csvField = (text: string): string => {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const csvCell = (cell: Cell) =>
  cell === null ? '' : typeof cell === 'number' ? String(cell).replace('.', ',') : csvField(cell);

/** A date and time in the zone, as a French spreadsheet reads it: `dd/mm/yyyy HH:MM`. */
const csvDateTime = (iso: string, timeZone: string) => {
  const wall = wallOf(Date.parse(iso), timeZone);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}/${wall.getUTCFullYear()} ${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
};

/** Seconds as `mm:ss` (minutes beyond 59 are kept: 62:05). */
const minutesSeconds = (seconds: number) => {
  const magnitude = Math.abs(seconds);
  const text = `${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
  return seconds < 0 ? `-${text}` : text;
};

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1_000) / 10);

const rateLabel = (key: { commitment: CommitmentId; audience?: Audience }) =>
  key.audience ? `${key.commitment} ${AUDIENCE_LABELS[key.audience]}` : key.commitment;

const figureRows = (report: CommitmentsReport): Cell[][] => [
  ['Revue annuelle Qual-e-pref, module 7', report.year],
  ['Calculé le', csvDateTime(report.computedAt, report.timeZone)],
  [
    'Politique d’exercices',
    `${report.policy.minPerYear} par an au moins, ${report.policy.maxMonthsBetween} mois au plus entre deux`,
  ],
  [],
  ['Indicateur', 'Valeur'],
  ['Exercices', report.exercises],
  ['Activations réelles', report.realActivations],
  [
    'Dernier exercice',
    report.m73.lastExerciseAt === null ? null : csvDateTime(report.m73.lastExerciseAt, report.timeZone),
  ],
  ['Jours depuis le dernier exercice', report.daysSinceLastExercise],
  ['Plus long intervalle sans exercice (jours)', report.m73.longestGapDays],
  ['M7-3', STATUS_LABELS[report.m73.status]],
  ...report.m73.reasons.map((reason): Cell[] => ['Motif M7-3', reason]),
  [],
  ['Engagement', 'Tenus', 'Jugés', 'Taux (%)'],
  ...report.rates.map((rate): Cell[] => [rateLabel(rate), rate.met, rate.judged, percent(rate.rate)]),
];

const SCOPES: readonly { label: string; of: (report: CommitmentsReport) => TimeToInform[] }[] = [
  { label: 'Tous', of: (report) => report.timeToInform },
  ...MODES.map((mode) => ({
    label: mode === 'exercise' ? 'Exercices' : 'Réelles',
    of: (report: CommitmentsReport) => report.timeToInformByMode[mode],
  })),
];

const timeRows = (report: CommitmentsReport): Cell[][] => [
  [
    'Délai pour informer',
    'Activations',
    'Nombre',
    'Médiane (s)',
    'Médiane (mm:ss)',
    'Pire (s)',
    'Pire (mm:ss)',
  ],
  ...SCOPES.flatMap((scope) =>
    scope
      .of(report)
      .map((time): Cell[] => [
        AUDIENCE_LABELS[time.audience],
        scope.label,
        time.count,
        time.median,
        time.median === null ? null : minutesSeconds(time.median),
        time.worst,
        time.worst === null ? null : minutesSeconds(time.worst),
      ]),
  ),
];

const statusOf = (verdicts: readonly Verdict[], key: { commitment: CommitmentId; audience?: Audience }) => {
  const verdict = verdicts.find(
    (candidate) => candidate.commitment === key.commitment && candidate.audience === key.audience,
  );
  return verdict ? STATUS_LABELS[verdict.status] : null;
};

const registerRows = (report: CommitmentsReport): Cell[][] => [
  ['Registre'],
  ['Date (T0)', 'Mode', 'Titre', 'Événement', 'Référence SYNERGI', ...RATED.map(rateLabel), 'Identifiant'],
  ...report.register.map((entry): Cell[] => [
    csvDateTime(entry.decidedAt, report.timeZone),
    MODE_LABELS[entry.mode],
    entry.title,
    HAZARD_LABELS[entry.eventType],
    entry.synergiRef,
    ...RATED.map((key) => statusOf(entry.verdicts, key)),
    entry.id,
  ]),
];

/**
 * The report as a CSV for a French spreadsheet: UTF-8 with a BOM (so that accents survive), `;` between
 * fields, CRLF line ends; the figures, then the register. Dates are in the prefecture's zone, times both in
 * seconds and as `mm:ss`, rates as percentages. Text fields are quoted per RFC 4180 and neutralised against
 * formula injection: titles are typed by users.
 */
export const reportCsv = (report: CommitmentsReport): string =>
  `\uFEFF${[...figureRows(report), [], ...timeRows(report), [], ...registerRows(report)]
    .map((row) => row.map(csvCell).join(';'))
    .join('\r\n')}\r\n`;
