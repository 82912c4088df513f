/**
 * The send-once protocol every message to a person follows: claim it in the ledger, send it, confirm it.
 * - A confirmed message is never sent again (a retried or re-armed step skips it).
 * - A failed send is released, so that the retry makes it; unless the provider refused this recipient for good
 *   (PermanentDeliveryError): the message is then recorded `failed` with the reason, never tried again, and the
 *   caller goes on with everyone else (`failed`, then `already-failed` on a retry).
 * - A claim never confirmed within its lease (its sender crashed or timed out between the send and the
 *   confirmation) is an uncertain send: it is sent again, and the timeline records `send.uncertain` first,
 *   because for a crisis message a rare duplicate is better than a silent loss.
 * - A claim held by a live sender is reported `in-flight`: the step that owns the audience must not complete
 *   while one is unresolved.
 */

import { type Activation, AUDIENCES, type Audience } from '#domain/activation';
import { failureReason } from '#domain/delivery';
import type { DirectoryAudience } from '#domain/directory';
import { PermanentDeliveryError } from '#domain/errors';
import type { EmailMessage, Ports, SmsMessage } from '#domain/ports';

const isAudience = (audience: DirectoryAudience): audience is Audience =>
  (AUDIENCES as readonly string[]).includes(audience);

export type SendOutcome = 'sent' | 'resent' | 'already-sent' | 'failed' | 'already-failed' | 'in-flight';

/** The outcomes of a message that left: its recipient has it. */
export const isSent = (outcome: SendOutcome): boolean =>
  outcome === 'sent' || outcome === 'resent' || outcome === 'already-sent';

/** The outcomes of a message refused for good: its recipient will never have it. */
export const isFailed = (outcome: SendOutcome): boolean =>
  outcome === 'failed' || outcome === 'already-failed';

export const sendOnce = async (
  deps: Pick<Ports, 'ledger' | 'timeline' | 'clock'>,
  message: { activationId: string; messageKey: string; audience: DirectoryAudience; recipientId: string },
  send: () => Promise<{ messageId: string }>,
): Promise<SendOutcome> => {
  const claim = await deps.ledger.claim(message.activationId, message.messageKey);
  if (claim.status === 'sent') return 'already-sent';
  if (claim.status === 'failed') return 'already-failed';
  if (claim.status === 'in-flight') return 'in-flight';
  if (claim.status === 'uncertain') {
    await deps.timeline.append({
      activationId: message.activationId,
      at: deps.clock.now().toISOString(),
      type: 'send.uncertain',
      actor: 'system',
      // The timeline's audience is an M7-2 one; the cabinet's and the on-call people's sends name it in the details.
      ...(isAudience(message.audience) ? { audience: message.audience } : {}),
      subject: `${message.messageKey}@${claim.previousClaimAt}`,
      details: {
        messageKey: message.messageKey,
        recipientId: message.recipientId,
        audience: message.audience,
        previousClaimAt: claim.previousClaimAt,
      },
    });
  }
  let sent: { messageId: string };
  try {
    sent = await send();
  } catch (error) {
    if (error instanceof PermanentDeliveryError) {
      await deps.ledger.fail(message.activationId, message.messageKey, claim.token, {
        reason: failureReason(error.message),
        failedAt: deps.clock.now().toISOString(),
      });
      return 'failed';
    }
    await deps.ledger.release(message.activationId, message.messageKey, claim.token);
    throw error;
  }
  // Once sent, the claim stays whatever happens next: a failed confirmation makes it uncertain, never unsent.
  await deps.ledger.complete(message.activationId, message.messageKey, {
    messageId: sent.messageId,
    sentAt: deps.clock.now().toISOString(),
  });
  return claim.status === 'uncertain' ? 'resent' : 'sent';
};

/** The send-once entry of a message to one recipient about an activation. */
const entryOf = (
  activation: Pick<Activation, 'id'>,
  messageKey: string,
  message: { audience: DirectoryAudience; recipient: { id: string } },
) => ({
  activationId: activation.id,
  messageKey,
  audience: message.audience,
  recipientId: message.recipient.id,
});

/** What every message about an activation carries: its id, the affected communes, the instant it is sent. */
const aboutActivation = (activation: Pick<Activation, 'id' | 'communes'>, clock: Ports['clock']) => ({
  activationId: activation.id,
  communes: activation.communes,
  sentAt: clock.now().toISOString(),
});

/**
 * Sends one framed SMS to one recipient about an activation, through the send-once protocol above; the
 * message key names what it is (`sms#<contact>` for the information, `warning#<contact>` for the cabinet).
 */
export const sendSmsOnce = (
  deps: Pick<Ports, 'ledger' | 'timeline' | 'clock' | 'messenger'>,
  activation: Pick<Activation, 'id' | 'communes'>,
  {
    messageKey,
    ...sms
  }: Pick<SmsMessage, 'audience' | 'recipient' | 'text' | 'encoding' | 'parts'> & {
    messageKey: string;
  },
): Promise<SendOutcome> =>
  sendOnce(deps, entryOf(activation, messageKey, sms), () =>
    deps.messenger.sendSms({ ...sms, ...aboutActivation(activation, deps.clock) }),
  );

/**
 * Sends one framed e-mail to one recipient about an activation, through the send-once protocol above, under
 * its message key (`email#<contact>`).
 */
export const sendEmailOnce = (
  deps: Pick<Ports, 'ledger' | 'timeline' | 'clock' | 'messenger'>,
  activation: Pick<Activation, 'id' | 'communes'>,
  {
    messageKey,
    ...email
  }: Pick<EmailMessage, 'audience' | 'recipient' | 'subject' | 'body'> & {
    messageKey: string;
  },
): Promise<SendOutcome> =>
  sendOnce(deps, entryOf(activation, messageKey, email), () =>
    deps.messenger.sendEmail({ ...email, ...aboutActivation(activation, deps.clock) }),
  );
