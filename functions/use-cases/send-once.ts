/**
 * The send-once protocol every message to a person follows: claim it in the ledger, send it, confirm it.
 * - A confirmed message is never sent again (a retried or re-armed step skips it).
 * - A failed send is released, so that the retry makes it.
 * - A claim never confirmed within its lease (its sender crashed or timed out between the send and the
 *   confirmation) is an uncertain send: it is sent again, and the timeline records `send.uncertain` first,
 *   because for a crisis message a rare duplicate is better than a silent loss.
 * - A claim held by a live sender is reported `in-flight`: the step that owns the audience must not complete
 *   while one is unresolved.
 */

import type { Activation } from '#domain/activation';
import type { DirectoryAudience } from '#domain/directory';
import type { Ports, SmsMessage } from '#domain/ports';

export type SendOutcome = 'sent' | 'resent' | 'already-sent' | 'in-flight';

export const sendOnce = async (
  deps: Pick<Ports, 'ledger' | 'timeline' | 'clock'>,
  message: { activationId: string; messageKey: string; audience: DirectoryAudience; recipientId: string },
  send: () => Promise<{ messageId: string }>,
): Promise<SendOutcome> => {
  const claim = await deps.ledger.claim(message.activationId, message.messageKey);
  if (claim.status === 'sent') return 'already-sent';
  if (claim.status === 'in-flight') return 'in-flight';
  if (claim.status === 'uncertain') {
    await deps.timeline.append({
      activationId: message.activationId,
      at: deps.clock.now().toISOString(),
      type: 'send.uncertain',
      actor: 'system',
      ...(message.audience === 'cabinet' ? {} : { audience: message.audience }),
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

/**
 * Sends one framed SMS to one recipient about an activation, through the send-once protocol above; the
 * message key names what it is (`sms#<contact>` for the information, `warning#<contact>` for the cabinet).
 */
export const sendSmsOnce = (
  deps: Pick<Ports, 'ledger' | 'timeline' | 'clock' | 'messenger'>,
  activation: Pick<Activation, 'id' | 'communes'>,
  sms: Pick<SmsMessage, 'audience' | 'recipient' | 'text' | 'encoding' | 'parts'> & { messageKey: string },
): Promise<SendOutcome> =>
  sendOnce(
    deps,
    {
      activationId: activation.id,
      messageKey: sms.messageKey,
      audience: sms.audience,
      recipientId: sms.recipient.id,
    },
    () =>
      deps.messenger.sendSms({
        activationId: activation.id,
        audience: sms.audience,
        communes: activation.communes,
        recipient: sms.recipient,
        text: sms.text,
        encoding: sms.encoding,
        parts: sms.parts,
        sentAt: deps.clock.now().toISOString(),
      }),
  );
