/**
 * The yearly review of Module 7 (`GET /reports/commitments?year=`).
 * Input: the year. Output: the report of functions/domain/report.ts (counts, rates, times to inform, M7-3,
 * the register). Main course: every activation of the year, page after page, each with its timeline and its
 * verdicts computed as the API computes them; the latest exercise before the year, for M7-3's first stretch.
 */
import { type Activation, PREFECTURE_TIME_ZONE, startOfYear } from '#domain/activation';
import { computeVerdicts } from '#domain/commitments';
import { ValidationError } from '#domain/errors';
import type { ActivationStore, Ports } from '#domain/ports';
import {
  commitmentsReport as buildReport,
  type CommitmentsReport,
  DEFAULT_EXERCISE_POLICY,
  type ExercisePolicy,
  informedSecondsOf,
  type ReportedActivation,
} from '#domain/report';

/** The years a report can be asked for. */
export const REPORT_YEARS = { min: 2000, max: 2100 } as const;

const PAGE_SIZE = 100;

/** @throws ValidationError on `year` when it is not a whole year from 2000 to 2100. */
const checkYear = (year: number) => {
  if (!Number.isInteger(year) || year < REPORT_YEARS.min || year > REPORT_YEARS.max) {
    throw new ValidationError([
      {
        field: 'year',
        message: `L’année doit être un nombre entier de ${REPORT_YEARS.min} à ${REPORT_YEARS.max}.`,
      },
    ]);
  }
};

/** Every activation with its T0 in the year, following the store's cursor until it gives none. */
const activationsOf = async function* (year: number, store: ActivationStore) {
  const range = { decidedFrom: startOfYear(year), decidedBefore: startOfYear(year + 1) };
  let cursor: string | undefined;
  do {
    const page = await store.list({ ...range, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    yield page.items;
    cursor = page.cursor;
  } while (cursor !== undefined);
};

/** The T0 of the latest exercise before the year, if any: the start of the year's first stretch. */
const lastExerciseBefore = async (year: number, store: ActivationStore): Promise<string[]> => {
  const { items } = await store.list({ mode: 'exercise', decidedBefore: startOfYear(year), limit: 1 });
  return items.map((activation) => activation.decidedAt);
};

/**
 * Builds the yearly review at the clock's instant. Verdicts are computed from each timeline, so the report,
 * the API and the timeline agree.
 * @throws ValidationError when `year` is not a whole year from 2000 to 2100.
 */
export const commitmentsReport = async (
  { year }: { year: number },
  deps: Pick<Ports, 'store' | 'timeline' | 'clock'>,
  settings: { policy?: ExercisePolicy } = {},
): Promise<CommitmentsReport> => {
  checkYear(year);
  const now = deps.clock.now();
  const reported = async (activation: Activation): Promise<ReportedActivation> => {
    const events = await deps.timeline.list(activation.id);
    return {
      activation,
      verdicts: computeVerdicts(activation, events, now),
      informedSeconds: informedSecondsOf(activation, events),
    };
  };
  const activations: ReportedActivation[] = [];
  // One page's timelines at a time: at most PAGE_SIZE reads in flight.
  for await (const page of activationsOf(year, deps.store))
    activations.push(...(await Promise.all(page.map(reported))));
  return buildReport({
    year,
    now,
    policy: settings.policy ?? DEFAULT_EXERCISE_POLICY,
    timeZone: PREFECTURE_TIME_ZONE,
    activations,
    exerciseDatesBefore: await lastExerciseBefore(year, deps.store),
  });
};
