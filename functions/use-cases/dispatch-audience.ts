/**
 * Dispatch the factual information to one audience (M7-2), or a follow-up message (`messageId`), in batches.
 * - `dispatchAudience` with a `batch` (a reference planned by `planDispatch`) sends to the recipients of that
 *   batch only, and records nothing on the timeline: the state machine runs the batches of an audience one after
 *   the other, each small enough to leave well within its invocation's timeout at the function's share of the
 *   SMS rate, then `completeDispatch`. Without a batch it sends to the whole audience, then completes (what the
 *   unit tests and the storage benchmark call).
 * - Each message goes through the send-once protocol (a retry skips what was confirmed and resends what was
 *   uncertain): a batch is idempotent on its own, and a retried batch, or a batch planned again on a replay,
 *   sends nobody twice.
 * - `completeDispatch` reads what the ledger holds for the audience's recipients, then records
 *   `dispatch.completed` (or `message.dispatched` for a follow-up, which changes no verdict) once, with the counts
 *   of sent and refused messages and, for the officials, the communes covered; when the hour's verdicts were
 *   already recorded it revises them.
 * A message the provider refuses for good for its recipient (an invalid number) is recorded failed for that
 * recipient, with its reason, and everyone else is still informed: the event counts the failed messages and
 * names their recipients, and an official reached by none of their messages covers no commune. Any other failed
 * send is released and the batch fails, so the state machine retries it; a message still claimed by a sender
 * that may be alive fails it with SendsInFlightError, retried after a pause: the dispatch never completes while
 * one of its messages is unresolved. When no message of the audience left, or every message of a channel (two
 * or more) was refused, the completion fails with AudienceNotReachedError (see `unreachedBy`).
 */
import type { Activation, Audience } from '#domain/activation';
import { type BatchRef, inBatch } from '#domain/delivery';
import { type Contact, communeCoverage, recipientsFor } from '#domain/directory';
import {
  AudienceNotReachedError,
  NoRecipientsError,
  SendsInFlightError,
  WorkflowInputError,
} from '#domain/errors';
import { countSms, frameEmail, frameSms } from '#domain/messages';
import type { LedgerEntry, Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { reviseVerdicts } from './revise-verdicts.ts';
import { isFailed, isSent, type SendOutcome, sendEmailOnce, sendSmsOnce } from './send-once.ts';
import { settleAll } from './settle-all.ts';

export interface DispatchInput {
  activationId: string;
  audience: Audience;
  messageId?: string | undefined;
  /** One batch of the audience; the whole audience, completed, when absent. */
  batch?: BatchRef | undefined;
}

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

type DispatchDeps = Pick<
  Ports,
  'store' | 'timeline' | 'directory' | 'ledger' | 'messenger' | 'pacedAt' | 'clock' | 'signal'
>;

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

/**
 * @throws SendsInFlightError while a message is claimed by a sender that may still be running: a batch, or the
 * audience's completion, never ends with one unresolved.
 */
const noneInFlight = (attempts: readonly Attempt[], audience: Audience, activationId: string) => {
  const unresolved = attempts.filter(({ outcome }) => outcome === 'in-flight').length;
  if (unresolved > 0) {
    throw new SendsInFlightError(
      `${unresolved} ${audience} message(s) of activation ${activationId} are claimed by a sender that may still be running`,
    );
  }
};

/** Sends at most this many messages at once: SMS (SNS) and e-mail (SES) throughput is per account and per second. */
const CONCURRENCY = 16;

/**
 * How many messages a batch sends at once: enough that the provider's latency never holds it below its pace. A
 * send takes some 20 to 60 ms, so 16 at once keep up with about 250 messages a second; a batch paced faster (a
 * national rate) gets one more at once for every 16 parts a second, at most 64 (the SDK's sockets are 50).
 */
export const concurrencyAt = (partsPerSecond: number | undefined) =>
  Math.min(64, Math.max(CONCURRENCY, Math.ceil((partsPerSecond ?? 0) / 16)));

/** The message a dispatch sends: the activation's first one, or a follow-up. */
const messageOf = async (store: Ports['store'], activation: Activation, messageId: string | undefined) => {
  if (messageId === undefined) return { message: activation.message, keyPrefix: '' };
  const followUp = await store.getMessage(activation.id, messageId);
  if (!followUp) throw new WorkflowInputError(`Message ${messageId} of ${activation.id} does not exist`);
  return { message: followUp.message, keyPrefix: `${messageId}#` };
};

/** The activation, its message and the audience's recipients (those concerned by its communes), by id. */
export const resolveAudience = async (
  input: Pick<DispatchInput, 'activationId' | 'audience' | 'messageId'>,
  deps: Pick<Ports, 'store' | 'directory'>,
) => {
  const activation = await loadActivation(deps.store, input.activationId);
  const { message, keyPrefix } = await messageOf(deps.store, activation, input.messageId);
  const recipients = recipientsFor(await deps.directory.list(input.audience), activation.communes);
  if (recipients.length === 0) {
    throw new NoRecipientsError(`No ${input.audience} recipient for activation ${activation.id}`);
  }
  return { activation, message, keyPrefix, recipients };
};

type Resolved = Awaited<ReturnType<typeof resolveAudience>>;

/** The ledger keys of a recipient's messages: `<message id>#sms#<contact>` for a follow-up. */
const keysOf = (keyPrefix: string, recipientId: string) => ({
  sms: `${keyPrefix}sms#${recipientId}`,
  email: `${keyPrefix}email#${recipientId}`,
});

const countsOf = (audience: Audience, recipients: readonly Contact[], failed: number): DispatchResult => ({
  audience,
  recipients: recipients.length,
  sms: recipients.filter(({ phone }) => phone).length,
  emails: recipients.filter(({ email }) => email).length,
  failed,
});

/**
 * Sends the message to these recipients: one SMS and one e-mail each (as their contact details allow) in one
 * bounded pool, SMS first (the fastest channel leaves first). @throws the first failed send (all were released),
 * or SendsInFlightError while a message is claimed by another sender.
 */
const sendTo = async (
  recipients: readonly Contact[],
  { activation, message, keyPrefix }: Resolved,
  audience: Audience,
  deps: DispatchDeps,
  concurrency = CONCURRENCY,
): Promise<Attempt[]> => {
  const text = frameSms(message.sms, activation.mode);
  const { encoding, parts } = countSms(text);
  const email = frameEmail(message.email, activation.mode);
  const sends: (() => Promise<Attempt>)[] = [
    ...recipients.flatMap(({ phone, ...recipient }) =>
      phone
        ? [
            async (): Promise<Attempt> => ({
              channel: 'sms',
              recipientId: recipient.id,
              outcome: await sendSmsOnce(deps, activation, {
                messageKey: keysOf(keyPrefix, recipient.id).sms,
                audience,
                recipient: { ...recipient, phone },
                text,
                encoding,
                parts,
              }),
            }),
          ]
        : [],
    ),
    ...recipients.flatMap(({ email: address, ...recipient }) =>
      address
        ? [
            async (): Promise<Attempt> => ({
              channel: 'email',
              recipientId: recipient.id,
              outcome: await sendEmailOnce(deps, activation, {
                messageKey: keysOf(keyPrefix, recipient.id).email,
                audience,
                recipient: { ...recipient, email: address },
                subject: email.subject,
                body: email.body,
              }),
            }),
          ]
        : [],
    ),
  ];
  const attempts: Attempt[] = [];
  const failures = await settleAll(
    sends,
    concurrency,
    async (send) => {
      attempts.push(await send());
    },
    deps.signal,
  );
  // The first failure decides the error the state machine sees (and retries on); the others were released too.
  if (failures.length > 0) throw failures[0];
  noneInFlight(attempts, audience, activation.id);
  return attempts;
};

/** What the ledger says of a message: sent, refused for good, still claimed, or never tried (absent). */
const outcomeOf = (entry: LedgerEntry | undefined): SendOutcome | undefined => {
  switch (entry?.status) {
    case 'sent':
      return 'already-sent';
    case 'failed':
      return 'already-failed';
    case 'claimed':
      return 'in-flight';
    default:
      return undefined;
  }
};

export const dispatchAudience = async (input: DispatchInput, deps: DispatchDeps): Promise<DispatchResult> => {
  const resolved = await resolveAudience(input, deps);
  const { batch } = input;
  if (batch === undefined) {
    await sendTo(resolved.recipients, resolved, input.audience, deps);
    return completeResolved(input, resolved, deps);
  }
  // A batch emptied since the plan (its contacts withdrawn) has nothing to send, which is no error.
  const recipients = resolved.recipients.filter(({ id }) => inBatch(id, batch));
  // At its audience's share of the rate, which the plan gave it.
  const messenger =
    batch.partsPerSecond !== undefined && deps.pacedAt ? deps.pacedAt(batch.partsPerSecond) : deps.messenger;
  const attempts = await sendTo(
    recipients,
    resolved,
    input.audience,
    { ...deps, messenger },
    concurrencyAt(batch.partsPerSecond),
  );
  return countsOf(input.audience, recipients, attempts.filter(({ outcome }) => isFailed(outcome)).length);
};

/** Records the audience's dispatch once every batch has been sent: see the module's comment. */
export const completeDispatch = async (
  input: Omit<DispatchInput, 'batch'>,
  deps: Omit<DispatchDeps, 'messenger' | 'pacedAt'>,
): Promise<DispatchResult> => completeResolved(input, await resolveAudience(input, deps), deps);

const completeResolved = async (
  input: Omit<DispatchInput, 'batch'>,
  { activation, message, keyPrefix, recipients }: Resolved,
  deps: Omit<DispatchDeps, 'messenger' | 'pacedAt'>,
): Promise<DispatchResult> => {
  const ledger = new Map(
    (await deps.ledger.list(activation.id)).map((entry) => [entry.messageKey, entry] as const),
  );
  // A contact added to the directory after its batch was sent has no entry: it counts among the recipients,
  // reached by nothing, and is no attempt.
  const attempts: Attempt[] = recipients.flatMap((recipient) => {
    const keys = keysOf(keyPrefix, recipient.id);
    return (['sms', 'email'] as const).flatMap((channel) => {
      const outcome = (channel === 'sms' ? recipient.phone : recipient.email)
        ? outcomeOf(ledger.get(keys[channel]))
        : undefined;
      return outcome === undefined ? [] : [{ channel, recipientId: recipient.id, outcome }];
    });
  });
  noneInFlight(attempts, input.audience, activation.id);
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
  const result = countsOf(input.audience, recipients, refused.length);
  const { encoding, parts } = countSms(frameSms(message.sms, activation.mode));
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
