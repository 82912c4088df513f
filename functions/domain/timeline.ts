/** The activation's timeline: append-only events, each with its time. Pure. */
import type { Audience } from './activation.ts';

export const EVENT_TYPES = [
  /** The prefect's decision (T0), as recorded in SYNERGI; recorded by the workflow's first step. */
  'cod.activated',
  /** Every recipient of one audience was sent the factual information. */
  'dispatch.completed',
  /** The prefect ordered the public information cell (CIP) activated: the start of M7-4's clock. */
  'cip.ordered',
  /** One audience could not be informed after every retry. */
  'dispatch.failed',
  /**
   * A message whose earlier send never reported back (the sender crashed or timed out between claiming and
   * confirming it) was sent again: the recipient may receive it twice. One per message and earlier claim.
   */
  'send.uncertain',
  /** A person of a crisis cell was paged, with a link to acknowledge; a step after the first is an escalation. */
  'cell.paged',
  /** A paged person (by their link) or a user (in the API) acknowledged for a cell. */
  'cell.acknowledged',
  /** The cell has its quorum of acknowledgements: it is operational (M7-1, M7-4). */
  'cell.operational',
  /** Every escalation step of a cell went unanswered: the cabinet was alerted. */
  'cell.unanswered',
  /** A follow-up message (an update, the numéro unique, the fin d'alerte) was posted; subject: its id. */
  'message.posted',
  /** A follow-up message was sent to every recipient of one audience; subject: its id. */
  'message.dispatched',
  /** A follow-up message could not be sent to one audience after every retry; subject: its id. */
  'message.failed',
  /** T0 + 45 min: some audience is still not informed; the cabinet was alerted. */
  'warning.raised',
  /** T0 + 45 min: every audience was already informed. */
  'checkpoint.passed',
  /** T0 + 60 min: the verdicts were evaluated and recorded. */
  'commitments.evaluated',
  /**
   * A step completed after the evaluation (a late dispatch): the verdicts recorded then are superseded by
   * these, so that the timeline, the API and the report say the same thing.
   */
  'commitments.revised',
  /**
   * The prefect ended the alert: pages stop, the fin d'alerte goes to the audiences informed, and a verdict
   * still pending is judged at this instant.
   */
  'activation.closed',
] as const;
export type TimelineEventType = (typeof EVENT_TYPES)[number];

export interface TimelineEvent {
  activationId: string;
  at: string;
  type: TimelineEventType;
  /** Who did it: a user id, or `system` for the workflow. */
  actor: string;
  audience?: Audience;
  /**
   * What the event is about when a step records one per thing (the message of a `send.uncertain`, what
   * caused a `commitments.revised`): part of the event's identity.
   */
  subject?: string;
  details: Record<string, unknown>;
}

/**
 * The event's identity within its activation. Each step is recorded once: a replayed step (a retried
 * task, an execution re-armed after a restart) finds its event already there and does not write it again.
 */
export const eventKey = (event: Pick<TimelineEvent, 'type' | 'audience' | 'subject'>): string =>
  [event.type, ...(event.audience ? [event.audience] : []), ...(event.subject ? [event.subject] : [])].join(
    '#',
  );

/** Events in time order; ties keep the order in which the steps happen. */
export const inTimeOrder = (events: readonly TimelineEvent[]): TimelineEvent[] => {
  const rank = (type: TimelineEventType) => EVENT_TYPES.indexOf(type);
  return [...events].sort((a, b) => a.at.localeCompare(b.at) || rank(a.type) - rank(b.type));
};
