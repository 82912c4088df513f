/**
 * Plan the dispatch of one audience (M7-2) or of a follow-up message to it: the batches its recipients are
 * sent in, by reference (`BatchRef`: a range of recipient ids), never the recipients themselves, so that the
 * state machine's payloads stay small whatever the department. Batches of `batchSize` recipients (the
 * deployment's, from the SMS rate: `largestBatchSize`), and never more than `MAX_DISPATCH_BATCHES` of them.
 * @throws NoRecipientsError when the audience has nobody in the activation's communes.
 */
import type { Audience } from '#domain/activation';
import { type BatchRef, MAX_DISPATCH_BATCHES, planBatches } from '#domain/delivery';
import type { Ports } from '#domain/ports';
import { resolveAudience } from './dispatch-audience.ts';

export interface DispatchPlan {
  recipients: number;
  batchSize: number;
  batchCount: number;
  batches: BatchRef[];
}

export const planDispatch = async (
  input: { activationId: string; audience: Audience; messageId?: string | undefined },
  deps: Pick<Ports, 'store' | 'directory'>,
  settings: { batchSize: number },
): Promise<DispatchPlan> => {
  const { recipients } = await resolveAudience(input, deps);
  // Past MAX_DISPATCH_BATCHES the batches grow rather than the payload: such a department at such a rate cannot
  // be informed within the hour anyway, and the batches' own retries take the rest.
  const batchSize = Math.max(settings.batchSize, Math.ceil(recipients.length / MAX_DISPATCH_BATCHES));
  const batches = planBatches(
    recipients.map(({ id }) => id),
    batchSize,
  );
  return { recipients: recipients.length, batchSize, batchCount: batches.length, batches };
};
