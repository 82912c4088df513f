/**
 * Post a follow-up message (`comms` or `prefect`): an update to chosen audiences during the event.
 * Input: the audiences and the message, the caller's Idempotency-Key. Output: the message's id, its audiences
 * and the SMS count once framed.
 * Main course: derive the id from the caller and the key (a replay answers the message stored, 409 if its
 * request differs), refuse after the fin d'alerte, append the numéro unique once it is published, count the
 * SMS as recipients will receive it, then publish: the message's own execution sends it to each audience
 * through the same dispatch and ledger as the first message (one SMS and one e-mail per person, once).
 */
import { createHash } from 'node:crypto';
import type { Audience, FactualMessage } from '#domain/activation';
import {
  ActivationClosedError,
  IdempotencyConflictError,
  NotFoundError,
  ValidationError,
} from '#domain/errors';
import { type FollowUp, withCrisisNumber } from '#domain/follow-ups';
import { countSms, frameSms, MAX_SMS_PARTS, type SmsCount } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { publishedCrisisNumber, publishMessage } from './publish-message.ts';

export interface PostMessageRequest {
  audiences: Audience[];
  message: FactualMessage;
}

export interface PostMessageResult {
  id: string;
  kind: FollowUp['kind'];
  audiences: Audience[];
  postedAt: string;
  sms: SmsCount;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const messageIdFor = (actor: string, idempotencyKey: string) =>
  `msg-${sha256(`${actor}\n${idempotencyKey}`).slice(0, 16)}`;

const requestHashOf = (request: PostMessageRequest) =>
  sha256(JSON.stringify([[...request.audiences].sort(), request.message.sms, request.message.email]));

/** What the caller gets back, for a new message and a replay alike. */
export const messageResultOf = (
  message: FollowUp,
  mode: Parameters<typeof frameSms>[1],
): PostMessageResult => ({
  id: message.id,
  kind: message.kind,
  audiences: message.audiences,
  postedAt: message.postedAt,
  sms: countSms(frameSms(message.message.sms, mode)),
});

/** @throws ValidationError when the SMS, framed and with the numéro unique, takes too many parts. */
export const checkSmsParts = (sms: string, mode: Parameters<typeof frameSms>[1], field: string) => {
  const count = countSms(frameSms(sms, mode));
  if (count.parts > MAX_SMS_PARTS) {
    throw new ValidationError([
      {
        field,
        message: `Le SMS prend ${count.parts} parties (${count.encoding}) une fois encadré ; ${MAX_SMS_PARTS} au plus.`,
      },
    ]);
  }
};

export const postMessage = async (
  input: { activationId: string; request: PostMessageRequest },
  context: { idempotencyKey: string; actor: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clockFor'>,
): Promise<{ created: boolean; result: PostMessageResult }> => {
  const activation = await deps.store.get(input.activationId);
  if (!activation) throw new NotFoundError('Activation', input.activationId);
  const id = messageIdFor(context.actor, context.idempotencyKey);
  const requestHash = requestHashOf(input.request);
  const existing = await deps.store.getMessage(activation.id, id);
  if (existing) {
    if (existing.requestHash !== requestHash) throw new IdempotencyConflictError(activation.id);
    return { created: false, result: messageResultOf(existing, activation.mode) };
  }
  if (activation.closedAt) throw new ActivationClosedError(`Activation ${activation.id} is closed`);
  const message = withCrisisNumber(input.request.message, await publishedCrisisNumber(activation.id, deps));
  checkSmsParts(message.sms, activation.mode, 'message.sms');
  const { created, message: stored } = await publishMessage(
    activation,
    {
      id,
      kind: 'update',
      audiences: [...new Set(input.request.audiences)],
      message,
      postedAt: deps.clockFor(activation.acceptedAt).now().toISOString(),
      postedBy: context.actor,
      requestHash,
    },
    deps,
  );
  if (!created && stored.requestHash !== requestHash) throw new IdempotencyConflictError(activation.id);
  return { created, result: messageResultOf(stored, activation.mode) };
};
