/**
 * Dispatch the factual information to one audience (M7-2).
 * Input: the activation id and the audience. Output: how many recipients, SMS and e-mails.
 * Main course: resolve the concerned recipients, send one SMS per recipient and one e-mail per audience,
 * each claimed in the ledger first (a retry skips what was sent), then record `dispatch.completed`.
 * Any failed send is released and the task fails, so the state machine retries the whole dispatch.
 */
import type { Audience } from '#domain/activation';
import { recipientsFor } from '#domain/directory';
import { NoRecipientsError } from '#domain/errors';
import { countSms, frameEmail, frameSms } from '#domain/messages';
import { loadActivation, type MessagingDeps, sendOnce, settleAll } from './workflow-deps.ts';

export interface DispatchResult {
  audience: Audience;
  recipients: number;
  sms: number;
  emails: number;
}

/** Sends at most this many messages at once: SNS SMS throughput is per account and per second. */
const CONCURRENCY = 16;

export const dispatchAudience = async (
  input: { activationId: string; audience: Audience },
  deps: MessagingDeps,
): Promise<DispatchResult> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const recipients = recipientsFor(await deps.directory.list(input.audience), activation.communes);
  if (recipients.length === 0) {
    throw new NoRecipientsError(`No ${input.audience} recipient for activation ${activation.id}`);
  }
  const text = frameSms(activation.message.sms, activation.mode);
  const { encoding, parts } = countSms(text);
  const email = frameEmail(activation.message.email, activation.mode);

  const smsRecipients = recipients.flatMap((recipient) =>
    recipient.phone ? [{ ...recipient, phone: recipient.phone }] : [],
  );
  const emailRecipients = recipients.flatMap((recipient) =>
    recipient.email ? [{ ...recipient, email: recipient.email }] : [],
  );
  const failures = await settleAll(smsRecipients, CONCURRENCY, (recipient) =>
    sendOnce(deps, activation.id, `sms#${recipient.id}`, () =>
      deps.messenger.sendSms({
        activationId: activation.id,
        audience: input.audience,
        recipient,
        text,
        encoding,
        parts,
        sentAt: deps.clock.now().toISOString(),
      }),
    ),
  );
  if (emailRecipients.length > 0) {
    await sendOnce(deps, activation.id, `email#${input.audience}`, () =>
      deps.messenger.sendEmail({
        activationId: activation.id,
        audience: input.audience,
        communes: activation.communes,
        recipients: emailRecipients,
        subject: email.subject,
        body: email.body,
        sentAt: deps.clock.now().toISOString(),
      }),
    ).catch((error: unknown) => failures.push(error));
  }
  // The first failure decides the error the state machine sees (and retries on); the others were released too.
  if (failures.length > 0) throw failures[0];

  const result: DispatchResult = {
    audience: input.audience,
    recipients: recipients.length,
    sms: smsRecipients.length,
    emails: emailRecipients.length,
  };
  await deps.timeline.append({
    activationId: activation.id,
    at: deps.clock.now().toISOString(),
    type: 'dispatch.completed',
    actor: 'system',
    audience: input.audience,
    details: {
      recipients: result.recipients,
      sms: result.sms,
      smsParts: parts,
      encoding,
      emails: result.emails,
    },
  });
  return result;
};
