/** Commitments and their verdicts, computed from the timeline alone so every reader agrees. Pure. */
import { type Activation, AUDIENCES, type Audience } from './activation.ts';
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
   * nothing is fulfilled, the seconds left (pending) or elapsed since the deadline (missed, negative).
   */
  marginSeconds: number;
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
  return { status: left >= 0 ? 'pending' : 'missed', marginSeconds: left };
};

/**
 * M7-2, one verdict per audience: met when the audience's dispatch completed by T0 + 1 h.
 * `now` is the activation's clock.
 */
export const computeVerdicts = (
  activation: Pick<Activation, 'deadline'>,
  events: readonly TimelineEvent[],
  now: Date,
): Verdict[] =>
  AUDIENCES.map((audience) => {
    const informed = events.find(
      (event) => event.type === 'dispatch.completed' && event.audience === audience,
    );
    const metAt = informed?.at ?? null;
    return {
      commitment: 'M7-2',
      audience,
      dueAt: activation.deadline,
      metAt,
      ...judge(activation.deadline, metAt, now),
    };
  });

/** The audiences with no completed dispatch in the timeline. */
export const uninformedAudiences = (events: readonly TimelineEvent[]): Audience[] =>
  AUDIENCES.filter(
    (audience) => !events.some((event) => event.type === 'dispatch.completed' && event.audience === audience),
  );
