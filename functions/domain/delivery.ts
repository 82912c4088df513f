/** What the system promises about each message it sends to a person, and what each person got. Pure. */
import type { Contact, DirectoryAudience } from './directory.ts';
import type { SmsEncoding } from './messages.ts';
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
