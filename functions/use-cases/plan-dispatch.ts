/**
 * Plan the dispatch of one audience (M7-2) or of a follow-up message to it: the batches its recipients are
 * sent in, by reference (`BatchRef`: a range of recipient ids), never the recipients themselves, so that the
 * state machine's payloads stay small whatever the department.
 * - The pace: the audience's share of the account's SMS rate, in proportion to its recipients with a number
 *   among the `audiences` sent at once (`audienceShare`), so that a thousand officials do not go on alone at a
 *   third of the rate once the press and the public line are done.
 * - The size: as many recipients as leave within `BATCH_SENDING_SECONDS` at that pace (`largestBatchSize`), at
 *   most the deployment's `maxBatchSize`, and never more than `MAX_DISPATCH_BATCHES` batches.
 * @throws NoRecipientsError when the audience has nobody in the activation's communes.
 */
import type { Audience } from '#domain/activation';
import {
  audienceShare,
  type BatchRef,
  largestBatchSize,
  MAX_DISPATCH_BATCHES,
  planBatches,
} from '#domain/delivery';
import { recipientsFor } from '#domain/directory';
import type { Ports } from '#domain/ports';
import { resolveAudience } from './dispatch-audience.ts';

export interface DispatchPlan {
  recipients: number;
  /** SMS parts a second the audience's batches send at. */
  partsPerSecond: number;
  batchSize: number;
  batchCount: number;
  batches: BatchRef[];
}

export interface PlanSettings {
  /** The account's SMS rate, parts a second. */
  partsPerSecond: number;
  /** The deployment's largest batch. */
  maxBatchSize: number;
}

export const planDispatch = async (
  input: {
    activationId: string;
    audience: Audience;
    messageId?: string | undefined;
    /** The audiences sent at once, this one among them. @default this one alone */
    audiences?: Audience[] | undefined;
  },
  deps: Pick<Ports, 'store' | 'directory'>,
  settings: PlanSettings,
): Promise<DispatchPlan> => {
  const { activation, recipients } = await resolveAudience(input, deps);
  const withPhone = (contacts: readonly { phone?: string }[]) => contacts.filter(({ phone }) => phone).length;
  const smsRecipients: Record<string, number> = { [input.audience]: withPhone(recipients) };
  for (const other of input.audiences ?? []) {
    if (other === input.audience) continue;
    smsRecipients[other] = withPhone(recipientsFor(await deps.directory.list(other), activation.communes));
  }
  const partsPerSecond = audienceShare(settings.partsPerSecond, smsRecipients, input.audience);
  // Past MAX_DISPATCH_BATCHES the batches grow rather than the payload: such a department at such a rate cannot
  // be informed within the hour anyway, and each batch's own retries take the rest.
  const batchSize = Math.max(
    Math.min(settings.maxBatchSize, largestBatchSize(partsPerSecond)),
    Math.ceil(recipients.length / MAX_DISPATCH_BATCHES),
  );
  const batches = planBatches(
    recipients.map(({ id }) => id),
    batchSize,
  ).map((batch) => ({ ...batch, partsPerSecond }));
  return { recipients: recipients.length, partsPerSecond, batchSize, batchCount: batches.length, batches };
};
