/** What the system promises about each message it sends to a person, and what each person got. Pure. */
import type { Contact, DirectoryAudience } from './directory.ts';
import { MAX_SMS_PARTS, type SmsEncoding } from './messages.ts';
import type { EmailMessage, SmsMessage } from './ports.ts';

/**
 * How long a claimed send may stay unconfirmed before it is judged uncertain and resent. Longer than the
 * sending function's timeout (240 s on AWS): a claim this old belongs to an invocation that is no longer
 * running, so its send may or may not have left. For a crisis message a rare duplicate is better than a
 * silent loss; the timeline records each such resend as `send.uncertain`.
 */
export const SEND_LEASE_SECONDS = 300;

/** One message as one recipient got it: what an outbox records and a dashboard lists. */
export interface RecipientMessage {
  messageId: string;
  activationId: string;
  recipientId: string;
  audience: DirectoryAudience;
  channel: 'sms' | 'email';
  to: string;
  /** The affected communes that concern this recipient (all of them for a department-wide recipient). */
  communes: string[];
  text?: string;
  subject?: string;
  body?: string;
  encoding?: SmsEncoding;
  parts?: number;
  sentAt: string;
}

const concerned = (recipient: Contact, communes: readonly string[]) =>
  recipient.communes ? recipient.communes.filter((code) => communes.includes(code)) : [...communes];

/** The SMS as its recipient got it. */
export const smsReceived = (message: SmsMessage, messageId: string): RecipientMessage => ({
  messageId,
  activationId: message.activationId,
  recipientId: message.recipient.id,
  audience: message.audience,
  channel: 'sms',
  to: message.recipient.phone,
  communes: concerned(message.recipient, message.communes),
  text: message.text,
  encoding: message.encoding,
  parts: message.parts,
  sentAt: message.sentAt,
});

/** The e-mail as its recipient got it. */
export const emailReceived = (message: EmailMessage, messageId: string): RecipientMessage => ({
  messageId,
  activationId: message.activationId,
  recipientId: message.recipient.id,
  audience: message.audience,
  channel: 'email',
  to: message.recipient.email,
  communes: concerned(message.recipient, message.communes),
  subject: message.subject,
  body: message.body,
  sentAt: message.sentAt,
});

/** SNS's default for an alphanumeric sender ID: SMS parts a second the account may send. */
export const DEFAULT_SMS_PARTS_PER_SECOND = 10;

/** The longest reason the ledger keeps for a message refused for good. */
export const FAILURE_REASON_LENGTH = 300;

/** Anything shaped like an e-mail address. */
const ADDRESS_LIKE = /[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/gu;
/** Anything shaped like a phone number: eight digits or more, with the separators people write. */
const PHONE_LIKE = /\+?\d(?:[\s.()-]*\d){7,}/gu;

/**
 * The reason recorded for a message refused for good, from the refusal's message: on one line, every address or
 * number in it masked (the messengers give reasons without any, this keeps it so whatever a messenger gives),
 * at most FAILURE_REASON_LENGTH characters. No personal data reaches the ledger, the report or the logs.
 */
export const failureReason = (message: string): string => {
  const reason = message
    .replace(ADDRESS_LIKE, '[adresse]')
    .replace(PHONE_LIKE, '[numéro]')
    .replace(/\s+/gu, ' ')
    .trim();
  const kept = [...reason].slice(0, FAILURE_REASON_LENGTH).join('');
  return kept || 'Refusé par le fournisseur';
};

/** How many audiences the informing Map sends to at once (`MaxConcurrency` of `InformAudiences`; tested). */
export const AUDIENCES_AT_ONCE = 3;

/**
 * One sending function's share of the account's SMS rate, in tenths of a part a second (at least one tenth): the
 * functions that send at once (one batch per audience, `AUDIENCES_AT_ONCE` audiences) must not together exceed
 * the account's rate, which throttles beyond it.
 */
export const smsShare = (partsPerSecond: number) =>
  Math.max(0.1, Math.floor((partsPerSecond / AUDIENCES_AT_ONCE) * 10) / 10);

/**
 * How long one batch may take to send at its function's share of the rate: half the sending function's
 * timeout (240 s on AWS), so that a batch, even paced, throttled and retried in place, never nears it.
 */
export const BATCH_SENDING_SECONDS = 120;

/** The most recipients a batch takes whatever the rate: what one invocation holds in memory at once. */
export const MAX_DISPATCH_BATCH_SIZE = 1_000;

/**
 * The most batches an audience is planned in: their references (about 100 bytes each) and the batches' results
 * stay far below the 256 KB a state's payload may hold.
 */
export const MAX_DISPATCH_BATCHES = 500;

/**
 * The largest batch that leaves in `BATCH_SENDING_SECONDS` at `partsPerSecond`, for the longest SMS a message may
 * take (`MAX_SMS_PARTS`, 6; the e-mails are not paced): 200 recipients at 10 parts a second, 66 at 3.3,
 * `MAX_DISPATCH_BATCH_SIZE` from 50.
 */
export const largestBatchSize = (partsPerSecond: number) =>
  Math.max(
    1,
    Math.min(MAX_DISPATCH_BATCH_SIZE, Math.floor((BATCH_SENDING_SECONDS * partsPerSecond) / MAX_SMS_PARTS)),
  );

/**
 * The share of the account's SMS rate (`partsPerSecond`) that the batches of `audience` send at, while the
 * audiences of `smsRecipients` (how many of each have a number) are sent at once: in proportion to their
 * recipients (one at least), so that they all end together, at the ideal time, rather than the largest audience
 * going on alone at a fixed third of the rate. The shares add up to the rate at most (hundredths, rounded down).
 * The first message of a small audience leaves at once all the same: a bucket lends the parts of one message.
 */
export const audienceShare = (
  partsPerSecond: number,
  smsRecipients: Readonly<Record<string, number>>,
  audience: string,
) => {
  const weight = (count: number | undefined) => Math.max(1, count ?? 0);
  const total = Object.values(smsRecipients).reduce((sum, count) => sum + weight(count), 0);
  const share = (partsPerSecond * weight(smsRecipients[audience])) / Math.max(total, 1);
  return Math.max(0.01, Math.floor(share * 100) / 100);
};

/**
 * A batch of an audience's recipients, by reference: the recipients whose id is `from` or after (from the first
 * when absent) and before `until` (to the last when absent), in the ids' code-unit order. The batches of a plan
 * cover every id once, so a contact added to the directory while the audience is sent falls in exactly one
 * batch, and one removed is in none: nobody is sent twice, or skipped because another moved.
 */
export interface BatchRef {
  /** From 0; the batch's place in the plan, for the logs. */
  index: number;
  /** How many batches the plan has. */
  of: number;
  from?: string;
  until?: string;
  /** SMS parts a second the batch sends at: its audience's share of the account's rate (`audienceShare`). */
  partsPerSecond?: number;
}

/** Whether the recipient `id` belongs to the batch. */
export const inBatch = (id: string, batch: Pick<BatchRef, 'from' | 'until'>) =>
  (batch.from === undefined || id >= batch.from) && (batch.until === undefined || id < batch.until);

/** The batches of `size` recipients that cover these ids (one batch, covering everything, when there are none). */
export const planBatches = (ids: readonly string[], size: number): BatchRef[] => {
  const sorted = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const of = Math.max(1, Math.ceil(sorted.length / size));
  return Array.from({ length: of }, (_, index) => ({
    index,
    of,
    ...(index > 0 ? { from: sorted[index * size] as string } : {}),
    ...(index < of - 1 ? { until: sorted[(index + 1) * size] as string } : {}),
  }));
};
