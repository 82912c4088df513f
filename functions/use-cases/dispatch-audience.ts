/**
 * Dispatch the factual information to one audience (M7-2), or a follow-up message (`messageId`).
 * Input: the activation id, the audience and, for a follow-up, its id. Output: how many recipients, SMS and
 * e-mails were confirmed sent.
 * Main course: resolve the concerned recipients, send one SMS and one e-mail to each (as their contact details
 * allow) in one bounded pool, each message through the send-once protocol (a retry skips what was confirmed and
 * resends what was uncertain), then record `dispatch.completed` and, when the hour's verdicts were already
 * recorded, revise them. A follow-up goes the same way under keys of its own (`<message id>#sms#<contact>`) and
 * records `message.dispatched`: it changes no verdict.
 * Any failed send is released and the task fails, so the state machine retries the whole dispatch; a message
 * still claimed by a sender that may be alive fails it with SendsInFlightError, retried after a pause: the
 * dispatch never completes while one of its messages is unresolved.
 */
import type { Activation, Audience } from '#domain/activation';
import { communeCoverage, recipientsFor } from '#domain/directory';
import { NoRecipientsError, SendsInFlightError, WorkflowInputError } from '#domain/errors';
import { countSms, frameEmail, frameSms } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { reviseVerdicts } from './revise-verdicts.ts';
import { type SendOutcome, sendEmailOnce, sendSmsOnce } from './send-once.ts';
import { settleAll } from './settle-all.ts';

export interface DispatchResult {
  audience: Audience;
  recipients: number;
  sms: number;
  emails: number;
}

/** Sends at most this many messages at once: SMS (SNS) and e-mail (SES) throughput is per account and per second. */
const CONCURRENCY = 16;

/** The message a dispatch sends: the activation's first one, or a follow-up. */
const messageOf = async (store: Ports['store'], activation: Activation, messageId: string | undefined) => {
  if (messageId === undefined) return { message: activation.message, keyPrefix: '' };
  const followUp = await store.getMessage(activation.id, messageId);
  if (!followUp) throw new WorkflowInputError(`Message ${messageId} of ${activation.id} does not exist`);
  return { message: followUp.message, keyPrefix: `${messageId}#` };
};

export const dispatchAudience = async (
  input: { activationId: string; audience: Audience; messageId?: string | undefined },
  deps: Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'clock' | 'signal'>,
): Promise<DispatchResult> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const { message, keyPrefix } = await messageOf(deps.store, activation, input.messageId);
  const recipients = recipientsFor(await deps.directory.list(input.audience), activation.communes);
  if (recipients.length === 0) {
    throw new NoRecipientsError(`No ${input.audience} recipient for activation ${activation.id}`);
  }
  const text = frameSms(message.sms, activation.mode);
  const { encoding, parts } = countSms(text);
  const email = frameEmail(message.email, activation.mode);

  const smsRecipients = recipients.flatMap((recipient) =>
    recipient.phone ? [{ ...recipient, phone: recipient.phone }] : [],
  );
  const emailRecipients = recipients.flatMap((recipient) =>
    recipient.email ? [{ ...recipient, email: recipient.email }] : [],
  );
  // SMS first: the fastest channel leaves first; every message is claimed, sent and confirmed on its own.
  const sends = [
    ...smsRecipients.map(
      (recipient) => () =>
        sendSmsOnce(deps, activation, {
          messageKey: `${keyPrefix}sms#${recipient.id}`,
          audience: input.audience,
          recipient,
          text,
          encoding,
          parts,
        }),
    ),
    ...emailRecipients.map(
      (recipient) => () =>
        sendEmailOnce(deps, activation, {
          messageKey: `${keyPrefix}email#${recipient.id}`,
          audience: input.audience,
          recipient,
          subject: email.subject,
          body: email.body,
        }),
    ),
  ];
  const outcomes: SendOutcome[] = [];
  const failures = await settleAll(
    sends,
    CONCURRENCY,
    async (send) => {
      outcomes.push(await send());
    },
    deps.signal,
  );
  // The first failure decides the error the state machine sees (and retries on); the others were released too.
  if (failures.length > 0) throw failures[0];
  const unresolved = outcomes.filter((outcome) => outcome === 'in-flight').length;
  if (unresolved > 0) {
    throw new SendsInFlightError(
      `${unresolved} ${input.audience} message(s) of activation ${activation.id} are claimed by a sender that may still be running`,
    );
  }

  const result: DispatchResult = {
    audience: input.audience,
    recipients: recipients.length,
    sms: smsRecipients.length,
    emails: emailRecipients.length,
  };
  if (input.messageId !== undefined) {
    await deps.timeline.append({
      activationId: activation.id,
      at: deps.clock.now().toISOString(),
      type: 'message.dispatched',
      actor: 'system',
      audience: input.audience,
      subject: input.messageId,
      details: {
        messageId: input.messageId,
        recipients: result.recipients,
        sms: result.sms,
        smsParts: parts,
        encoding,
        emails: result.emails,
      },
    });
    return result;
  }
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
      // Officials: M7-2 is met only when every affected commune had one of its officials reached.
      ...(input.audience === 'officials'
        ? { coverage: communeCoverage(recipients, activation.communes) }
        : {}),
    },
  });
  // A dispatch that ends after the evaluation at T0 + 60 min changes its verdict: never silently.
  await reviseVerdicts(activation, `dispatch.completed#${input.audience}`, deps);
  return result;
};
