/** Commitments and their verdicts, computed from the timeline alone so every reader agrees. Pure. */
import { type Activation, AUDIENCES, type Audience } from './activation.ts';
import type { CommuneCoverage } from './directory.ts';
import { CRISIS_NUMBER_MESSAGE_ID } from './follow-ups.ts';
import type { TimelineEvent } from './timeline.ts';

export type CommitmentId = 'M7-1' | 'M7-2' | 'M7-3' | 'M7-4';
export type VerdictStatus = 'met' | 'missed' | 'pending';

export interface Verdict {
  commitment: CommitmentId;
  audience?: Audience;
  dueAt: string;
  /** When the commitment was fulfilled, or null while it is not. */
  metAt: string | null;
  status: VerdictStatus;
  /**
   * Seconds between the deadline and the fulfilment (positive: ahead of time; negative: late). While
   * nothing is fulfilled, the seconds left (pending) or elapsed since the deadline (missed, negative),
   * counted up to the evaluation once it is recorded. Once the alert is ended, everything is judged at its end.
   */
  marginSeconds: number;
  /** Officials: the affected communes that had an official reached, out of those expected, and the others. */
  coverage?: CommuneCoverage;
  /**
   * The alert ended before the commitment was fulfilled and before it was due: judged then, `missed`, the
   * margin being the time that was left.
   */
  closedBeforeDue?: true;
  /** M7-4: when the numéro unique was sent to the public line (the proof it was published), once it was. */
  crisisNumberPublishedAt?: string;
}

const seconds = (fromIso: string, toIso: string) =>
  Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1_000);

/** Judges one deadline: fulfilled on time, fulfilled late, or not yet fulfilled before or after it. */
export const judge = (
  dueAt: string,
  metAt: string | null,
  now: Date,
): Pick<Verdict, 'status' | 'marginSeconds'> => {
  if (metAt !== null) {
    const margin = seconds(metAt, dueAt);
    return { status: margin >= 0 ? 'met' : 'missed', marginSeconds: margin };
  }
  const left = seconds(now.toISOString(), dueAt);
  return { status: left > 0 ? 'pending' : 'missed', marginSeconds: left };
};

const isCoverage = (value: unknown): value is CommuneCoverage =>
  typeof value === 'object' && value !== null && Array.isArray((value as CommuneCoverage).unreached);

/**
 * How an audience's dispatch ended, as M7-2 counts it: when it completed, and for officials the communes it
 * covered. A dispatch that left an affected commune without any official reached does not fulfil M7-2.
 */
const dispatchOf = (events: readonly TimelineEvent[], audience: Audience) => {
  const completed = events.find(
    (event) => event.type === 'dispatch.completed' && event.audience === audience,
  );
  const coverage = completed?.details['coverage'];
  const covered = isCoverage(coverage) ? coverage : undefined;
  const fulfilled = completed !== undefined && (covered === undefined || covered.unreached.length === 0);
  return { metAt: fulfilled ? (completed?.at ?? null) : null, coverage: covered };
};

const RECORDED_VERDICT_TYPES = new Set(['commitments.evaluated', 'commitments.revised']);

/** The event that made a crisis cell operational (`cell.operational`, its subject the cell), if it is. */
export const operationalEventOf = (
  cell: 'communication' | 'cip',
  events: readonly TimelineEvent[],
): TimelineEvent | undefined =>
  events.find((event) => event.type === 'cell.operational' && event.subject === cell);

/** The end of the alert, if the prefect decided it. */
export const closureOf = (events: readonly TimelineEvent[]): TimelineEvent | undefined =>
  events.find((event) => event.type === 'activation.closed');

const earliest = (now: Date, ...instants: (string | undefined)[]) =>
  instants.reduce<Date>(
    (first, at) => (at !== undefined && Date.parse(at) < first.getTime() ? new Date(at) : first),
    now,
  );

/** A verdict still pending when the alert ended is judged then: it was not fulfilled in time for the event. */
const atClosure = (verdict: Verdict, closure: TimelineEvent | undefined): Verdict =>
  closure && verdict.status === 'pending' ? { ...verdict, status: 'missed', closedBeforeDue: true } : verdict;

/** The evaluation recorded at T0 + 60 min, if it is. */
export const evaluationOf = (events: readonly TimelineEvent[]): TimelineEvent | undefined =>
  events.find((event) => event.type === 'commitments.evaluated');

/**
 * M7-1; M7-2, one verdict per audience: met when the audience's dispatch completed by T0 + 1 h, missed when
 * it completed later (with its real time and margin) or not at all; M7-4 once ordered. `now` is the
 * activation's clock; once the evaluation is recorded, a commitment still unfulfilled is judged at the
 * evaluation's instant, so that the verdicts recorded then and the ones computed later agree until a late
 * step changes them; once the alert is ended, at its end.
 */
export const computeVerdicts = (
  activation: Pick<Activation, 'deadline'>,
  events: readonly TimelineEvent[],
  now: Date,
): Verdict[] => {
  const closure = closureOf(events);
  const judgedAt = earliest(now, evaluationOf(events)?.at, closure?.at);
  const cellMetAt = operationalEventOf('communication', events)?.at ?? null;
  const cip = events.find((event) => event.type === 'cip.ordered');
  const verdicts: Verdict[] = [
    // M7-1: the communication cell is operational (acknowledged) within the hour after T0.
    {
      commitment: 'M7-1',
      dueAt: activation.deadline,
      metAt: cellMetAt,
      ...judge(activation.deadline, cellMetAt, judgedAt),
    },
    ...AUDIENCES.map((audience): Verdict => {
      const { metAt, coverage } = dispatchOf(events, audience);
      return {
        commitment: 'M7-2',
        audience,
        dueAt: activation.deadline,
        metAt,
        ...judge(activation.deadline, metAt, judgedAt),
        ...(coverage ? { coverage } : {}),
      };
    }),
    // M7-4, once the prefect ordered the CIP: operational (its quorum acknowledged) within the target.
    ...(cip ? [cipVerdict(cip, events, earliest(now, closure?.at))] : []),
  ];
  return verdicts.map((verdict) => atClosure(verdict, closure));
};

/** M7-4's due time: the order (`cip.ordered`) plus the target it recorded. */
export const cipDueAt = (ordered: TimelineEvent): string => {
  const target = ordered.details['targetSeconds'];
  return new Date(
    Date.parse(ordered.at) + (typeof target === 'number' ? target : 3_600) * 1_000,
  ).toISOString();
};

/**
 * M7-4 is judged on its own clock, from the order: it may come after the first hour's evaluation, so an
 * unfulfilled M7-4 is judged at `now`, not at the evaluation.
 */
const cipVerdict = (ordered: TimelineEvent, events: readonly TimelineEvent[], now: Date): Verdict => {
  const dueAt = cipDueAt(ordered);
  const metAt = operationalEventOf('cip', events)?.at ?? null;
  const published = events.find(
    (event) =>
      event.type === 'message.dispatched' &&
      event.audience === 'publicLine' &&
      event.subject === CRISIS_NUMBER_MESSAGE_ID,
  );
  return {
    commitment: 'M7-4',
    dueAt,
    metAt,
    ...judge(dueAt, metAt, now),
    ...(published ? { crisisNumberPublishedAt: published.at } : {}),
  };
};

/** The verdicts last recorded on the timeline (the evaluation, or the latest revision), if any. */
export const recordedVerdicts = (events: readonly TimelineEvent[]): Verdict[] | undefined => {
  const recorded = events
    .filter((event) => RECORDED_VERDICT_TYPES.has(event.type))
    .sort(
      (a, b) =>
        a.at.localeCompare(b.at) ||
        Number(a.type === 'commitments.revised') - Number(b.type === 'commitments.revised'),
    )
    .at(-1);
  return recorded?.details['verdicts'] as Verdict[] | undefined;
};

const sameVerdicts = (a: readonly Verdict[], b: readonly Verdict[]) =>
  a.length === b.length &&
  a.every((verdict, index) => {
    const other = b[index];
    return (
      other !== undefined &&
      verdict.commitment === other.commitment &&
      verdict.audience === other.audience &&
      verdict.metAt === other.metAt &&
      verdict.status === other.status &&
      verdict.marginSeconds === other.marginSeconds &&
      verdict.closedBeforeDue === other.closedBeforeDue &&
      verdict.crisisNumberPublishedAt === other.crisisNumberPublishedAt &&
      verdict.coverage?.unreached.join() === other.coverage?.unreached.join()
    );
  });

/**
 * The verdicts to record as a revision: the ones computed now when they differ from the verdicts recorded
 * last; undefined when nothing is recorded yet (the evaluation will) or nothing changed.
 */
export const revisedVerdicts = (
  activation: Pick<Activation, 'deadline'>,
  events: readonly TimelineEvent[],
  now: Date,
): Verdict[] | undefined => {
  const recorded = recordedVerdicts(events);
  if (!recorded) return undefined;
  const current = computeVerdicts(activation, events, now);
  return sameVerdicts(recorded, current) ? undefined : current;
};

/** The audiences not informed as M7-2 counts it: no completed dispatch, or officials missing in some commune. */
export const uninformedAudiences = (events: readonly TimelineEvent[]): Audience[] =>
  AUDIENCES.filter((audience) => dispatchOf(events, audience).metAt === null);

/** The affected communes whose officials could not be reached, once the officials' dispatch has completed. */
export const unreachedCommunes = (events: readonly TimelineEvent[]): string[] =>
  dispatchOf(events, 'officials').coverage?.unreached ?? [];

/** The audiences whose dispatch has not ended yet: neither completed nor recorded as failed. */
export const unsettledAudiences = (events: readonly TimelineEvent[]): Audience[] =>
  AUDIENCES.filter(
    (audience) =>
      !events.some(
        (event) =>
          (event.type === 'dispatch.completed' || event.type === 'dispatch.failed') &&
          event.audience === audience,
      ),
  );
