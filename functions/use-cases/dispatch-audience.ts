/**
 * Dispatch the factual information to one audience (M7-2), or a follow-up message (`messageId`).
 * Input: the activation id, the audience and, for a follow-up, its id. Output: how many recipients, SMS and
 * e-mails were due, and how many of these messages failed for good.
 * Main course: resolve the concerned recipients, send one SMS and one e-mail to each (as their contact details
 * allow) in one bounded pool, each message through the send-once protocol (a retry skips what was confirmed and
 * resends what was uncertain), then record `dispatch.completed` and, when the hour's verdicts were already
 * recorded, revise them. A follow-up goes the same way under keys of its own (`<message id>#sms#<contact>`) and
 * records `message.dispatched`: it changes no verdict.
 * A message the provider refuses for good for its recipient (an invalid number) is recorded failed for that
 * recipient, with its reason, and everyone else is still informed: the event counts the failed messages and
 * names their recipients, and an official reached by none of their messages covers no commune. Any other failed
 * send is released and the task fails, so the state machine retries the whole dispatch; a message still claimed
 * by a sender that may be alive fails it with SendsInFlightError, retried after a pause: the dispatch never
 * completes while one of its messages is unresolved. When no message of the audience left, or every message of
 * a channel (two or more) was refused, the task fails with AudienceNotReachedError (see `unreachedBy`).
 */
import type { Activation, Audience } from '#domain/activation';
import { communeCoverage, recipientsFor } from '#domain/directory';
import {
  AudienceNotReachedError,
  NoRecipientsError,
  SendsInFlightError,
  WorkflowInputError,
} from '#domain/errors';
import { countSms, frameEmail, frameSms } from '#domain/messages';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { reviseVerdicts } from './revise-verdicts.ts';
import { isFailed, isSent, type SendOutcome, sendEmailOnce, sendSmsOnce } from './send-once.ts';
import { settleAll } from './settle-all.ts';

export interface DispatchResult {
  audience: Audience;
  recipients: number;
  sms: number;
  emails: number;
  /** Messages (SMS and e-mails) refused for good, on this attempt or an earlier one. */
  failed: number;
}

type Channel = 'sms' | 'email';

/** What became of one message of the dispatch. */
interface Attempt {
  channel: Channel;
  recipientId: string;
  outcome: SendOutcome;
}

/**
 * Why the audience counts as not reached, if it does. Nobody was sent anything: the audience is not informed,
 * whatever the refusals say. Or a channel with two messages or more had all of them refused: a refusal that hits
 * everyone is not about recipients, whatever its words (a region without SMS, a content refused), and must fail
 * the task as loudly as a configuration error. A channel of one message cannot tell, and is taken at its word.
 */
const unreachedBy = (attempts: readonly Attempt[]): string | undefined => {
  if (attempts.length > 0 && !attempts.some(({ outcome }) => isSent(outcome))) {
    return 'every message was refused for good';
  }
  for (const channel of ['sms', 'email'] as const) {
    const messages = attempts.filter((message) => message.channel === channel);
    if (messages.length >= 2 && messages.every(({ outcome }) => isFailed(outcome))) {
      return `every ${channel === 'sms' ? 'SMS' : 'e-mail'} (${messages.length}) was refused for good`;
    }
  }
  return undefined;
};

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
  const sends: (() => Promise<Attempt>)[] = [
    ...smsRecipients.map(
      (recipient) => async (): Promise<Attempt> => ({
        channel: 'sms',
        recipientId: recipient.id,
        outcome: await sendSmsOnce(deps, activation, {
          messageKey: `${keyPrefix}sms#${recipient.id}`,
          audience: input.audience,
          recipient,
          text,
          encoding,
          parts,
        }),
      }),
    ),
    ...emailRecipients.map(
      (recipient) => async (): Promise<Attempt> => ({
        channel: 'email',
        recipientId: recipient.id,
        outcome: await sendEmailOnce(deps, activation, {
          messageKey: `${keyPrefix}email#${recipient.id}`,
          audience: input.audience,
          recipient,
          subject: email.subject,
          body: email.body,
        }),
      }),
    ),
  ];
  const attempts: Attempt[] = [];
  const failures = await settleAll(
    sends,
    CONCURRENCY,
    async (send) => {
      attempts.push(await send());
    },
    deps.signal,
  );
  // The first failure decides the error the state machine sees (and retries on); the others were released too.
  if (failures.length > 0) throw failures[0];
  const unresolved = attempts.filter(({ outcome }) => outcome === 'in-flight').length;
  if (unresolved > 0) {
    throw new SendsInFlightError(
      `${unresolved} ${input.audience} message(s) of activation ${activation.id} are claimed by a sender that may still be running`,
    );
  }
  const unreached = unreachedBy(attempts);
  if (unreached !== undefined) {
    throw new AudienceNotReachedError(
      `The ${input.audience} audience of activation ${activation.id} was not reached: ${unreached}`,
    );
  }

  const refused = attempts.filter(({ outcome }) => isFailed(outcome));
  // Ids only: the reasons are in the ledger, and no number or address goes on the timeline.
  const failedRecipients = [...new Set(refused.map(({ recipientId }) => recipientId))].sort();
  const reached = new Set(
    attempts.flatMap(({ recipientId, outcome }) => (isSent(outcome) ? [recipientId] : [])),
  );
  const result: DispatchResult = {
    audience: input.audience,
    recipients: recipients.length,
    sms: smsRecipients.length,
    emails: emailRecipients.length,
    failed: refused.length,
  };
  // What every dispatch records: the counts of confirmed sends and refusals, the SMS as it was counted.
  const counts = {
    recipients: result.recipients,
    sms: result.sms,
    smsParts: parts,
    encoding,
    emails: result.emails,
    failed: result.failed,
    failedRecipients,
  };
  const at = deps.clock.now().toISOString();
  if (input.messageId !== undefined) {
    await deps.timeline.append({
      activationId: activation.id,
      at,
      type: 'message.dispatched',
      actor: 'system',
      audience: input.audience,
      subject: input.messageId,
      details: { messageId: input.messageId, ...counts },
    });
    return result;
  }
  await deps.timeline.append({
    activationId: activation.id,
    at,
    type: 'dispatch.completed',
    actor: 'system',
    audience: input.audience,
    details: {
      ...counts,
      // Officials: M7-2 is met only when every affected commune had one of its officials reached, that is sent
      // at least one message (a mayor whose only number was refused reaches nobody).
      ...(input.audience === 'officials'
        ? {
            coverage: communeCoverage(
              recipients.filter(({ id }) => reached.has(id)),
              activation.communes,
            ),
          }
        : {}),
    },
  });
  // A dispatch that ends after the evaluation at T0 + 60 min changes its verdict: never silently.
  await reviseVerdicts(activation, `dispatch.completed#${input.audience}`, deps);
  return result;
};
