/**
 * End the alert (`prefect`): the fin d'alerte.
 * Input: the activation, optionally the closing message, and the caller. Output: when and by whom the alert
 * ended, who gets the fin d'alerte, and the verdicts judged then.
 * Main course: record `activation.closed` on the activation's clock and mark the activation closed; answer
 * every page still waiting with `ActivationClosed` (its execution stops paging: nobody more is called);
 * publish the fin d'alerte to every audience already informed; judge the verdicts at that instant (one still
 * pending says so: `closedBeforeDue`). Each step is idempotent, so closing again, or after a crash halfway,
 * completes what is missing and changes nothing else: the first instant and author stay.
 */
import { AUDIENCES, type FactualMessage } from '#domain/activation';
import { closureOf, computeVerdicts, type Verdict } from '#domain/commitments';
import { NotFoundError, TaskNotWaitingError } from '#domain/errors';
import { defaultEndMessage, type FollowUp, withCrisisNumber } from '#domain/follow-ups';
import type { Ports } from '#domain/ports';
import { CELLS } from '#domain/rosters';
import { checkSmsParts } from './post-message.ts';
import { publishedCrisisNumber, publishMessage } from './publish-message.ts';
import { reviseVerdicts } from './revise-verdicts.ts';

export type CloseDeps = Pick<Ports, 'store' | 'timeline' | 'pages' | 'clockFor'> & {
  engine: Pick<Ports['engine'], 'sendTaskFailure'>;
};

export interface Closure {
  closedAt: string;
  closedBy: string;
  /** The fin d'alerte, when an audience had been informed. */
  endMessage: { id: string; audiences: FollowUp['audiences'] } | null;
  verdicts: Verdict[];
}

/** The id of the fin d'alerte: one per activation. */
export const END_MESSAGE_ID = 'msg-end';

/** The error a waiting page is answered with: the state machine's Catch matches it. */
export const ACTIVATION_CLOSED = 'ActivationClosedError';

export const closeActivation = async (
  input: { activationId: string; message?: FactualMessage | undefined },
  context: { actor: string },
  deps: CloseDeps,
): Promise<{ created: boolean; closure: Closure }> => {
  const activation = await deps.store.get(input.activationId);
  if (!activation) throw new NotFoundError('Activation', input.activationId);
  const clock = deps.clockFor(activation.acceptedAt);
  const crisisNumber = await publishedCrisisNumber(activation.id, deps);
  const endMessage = input.message && withCrisisNumber(input.message, crisisNumber);
  if (endMessage) checkSmsParts(endMessage.sms, activation.mode, 'message.sms');

  let events = await deps.timeline.list(activation.id);
  const informed = AUDIENCES.filter((audience) =>
    events.some((event) => event.type === 'dispatch.completed' && event.audience === audience),
  );
  const created = await deps.timeline.append({
    activationId: activation.id,
    at: clock.now().toISOString(),
    type: 'activation.closed',
    actor: context.actor,
    details: { endMessageTo: informed },
  });
  events = await deps.timeline.list(activation.id);
  const closed = closureOf(events);
  if (!closed) throw new Error(`The end of ${activation.id} was not recorded`);
  await deps.store.markClosed(activation.id, closed.at, closed.actor);

  // Nobody more is paged: the steps waiting for an acknowledgement end now (a wait that already ended is fine).
  for (const cell of CELLS) {
    const token = await deps.pages.waitingToken(activation.id, cell);
    if (!token) continue;
    await deps.engine
      .sendTaskFailure(token, ACTIVATION_CLOSED, 'La fin d’alerte a été décidée.')
      .catch((error: unknown) => {
        if (!(error instanceof TaskNotWaitingError)) throw error;
      });
  }

  const audiences = closed.details['endMessageTo'] as FollowUp['audiences'];
  if (audiences.length > 0) {
    await publishMessage(
      activation,
      {
        id: END_MESSAGE_ID,
        kind: 'end',
        audiences,
        message: endMessage ?? withCrisisNumber(defaultEndMessage(activation, closed.at), crisisNumber),
        postedAt: closed.at,
        postedBy: closed.actor,
        requestHash: '',
      },
      deps,
    );
  }
  await reviseVerdicts(activation, 'activation.closed', { timeline: deps.timeline, clock });
  return {
    created,
    closure: {
      closedAt: closed.at,
      closedBy: closed.actor,
      endMessage: audiences.length > 0 ? { id: END_MESSAGE_ID, audiences } : null,
      verdicts: computeVerdicts(activation, await deps.timeline.list(activation.id), clock.now()),
    },
  };
};
