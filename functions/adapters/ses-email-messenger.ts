/**
 * E-mail on Amazon SES v2: one `SendEmail` per recipient, from the prefecture's verified identity, with its
 * subject in UTF-8 as written, the body as plain text and as simple HTML, and the configuration set whose
 * events (delivery, bounce, complaint) are kept for the receipts. Each send has its own message id in the
 * ledger, and its tags (activation, contact, audience) come back with each of its events.
 */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Messenger } from '#domain/ports';
import { deliverThrough } from './aws-refusals.ts';

export interface SesEmailMessengerOptions {
  client: SESv2Client;
  /** The sender: a verified address of the prefecture's identity and its display name, in any language. */
  from: { name: string; address: string };
  /** The configuration set every e-mail is sent with. */
  configurationSet: string;
}

/**
 * SES's throttling errors for SendEmail, besides the generic ones (`aws-refusals.ts`): `TooManyRequestsException`
 * (429, "Maximum sending rate exceeded") and `LimitExceededException` (a sending quota, which the SDK's own retry
 * also classes as throttling). `InternalServiceErrorException` is a 500. Then its refusals of one address, chosen
 * conservatively: `SendingPausedException`, `AccountSuspendedException`, `MailFromDomainNotVerifiedException` and
 * `NotFoundException` (the configuration set) are the account's and fail the task.
 */
const SES = {
  name: 'SES',
  throttlingNames: ['TooManyRequestsException', 'LimitExceededException'],
  recipientRefusals: [
    /*
     * `MessageRejected`, except "Email address is not verified": that one refuses the sender's identity, or any
     * recipient while the account is in the sandbox, and one fix of the configuration mends every e-mail, so it
     * must fail the task. SES also answers `MessageRejected` for a content it refuses, which would hit every
     * recipient alike: the dispatch then finds the whole channel refused and fails the task all the same.
     */
    {
      names: ['MessageRejected'],
      unless: /not verified/i,
      reason: 'Message refusé par SES pour cette adresse',
    },
    /*
     * `BadRequestException` only for an address SES cannot parse ("Illegal address", "Missing final '@domain'",
     * "Invalid email address", "Local address contains…", "Domain contains…"): the sender's address is checked at
     * cold start (`SENDER_MAILBOX`) and its display name encoded here, so the recipient's is the only one that
     * can be malformed. Any other bad request (a tag, the configuration set, the content) is ours to fix.
     */
    {
      names: ['BadRequestException'],
      message:
        /illegal address|invalid email address|missing final '@domain'|missing local name|missing domain|(local address|domain) (contains|starts|ends)/i,
      reason: 'Adresse e-mail refusée par SES : elle n’est pas valide',
    },
  ],
};

/** The most UTF-8 bytes one encoded word carries: 60 base64 characters, 72 with its delimiters (RFC 2047: 75). */
const ENCODED_WORD_BYTES = 45;

/**
 * A display name as a header takes it: quoted when it is ASCII, otherwise in RFC 2047 encoded words (SES
 * refuses a raw non-ASCII sender name), each short enough and never splitting a character.
 */
export const displayName = (name: string): string => {
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name}"`;
  const words: string[] = [];
  let word = '';
  for (const char of name) {
    if (Buffer.byteLength(word + char, 'utf8') > ENCODED_WORD_BYTES) {
      words.push(word);
      word = '';
    }
    word += char;
  }
  words.push(word);
  return words.map((text) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`).join(' ');
};

/** The `From` of every e-mail, as SES takes it: `=?UTF-8?B?…?= <alerte@prefecture.example.org>`. */
export const fromHeader = (from: { name: string; address: string }): string =>
  `${displayName(from.name)} <${from.address}>`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

/** The HTML part: the text escaped, one paragraph per block of the body, its line breaks kept. No template. */
export const htmlOf = (subject: string, body: string): string => {
  const paragraphs = body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>\n')}</p>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="fr">',
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body>',
    ...paragraphs,
    '</body>',
    '</html>',
    '',
  ].join('\n');
};

/** A message tag value as SES accepts it: ASCII letters, digits, `_` and `-`, 256 at most. */
const tagValue = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 256);

export const sesEmailMessenger = ({
  client,
  from,
  configurationSet,
}: SesEmailMessengerOptions): Pick<Messenger, 'sendEmail'> => {
  const sender = fromHeader(from);
  return {
    sendEmail: (message) =>
      deliverThrough(SES, () =>
        client.send(
          new SendEmailCommand({
            FromEmailAddress: sender,
            Destination: { ToAddresses: [message.recipient.email] },
            Content: {
              Simple: {
                Subject: { Data: message.subject, Charset: 'UTF-8' },
                Body: {
                  Text: { Data: message.body, Charset: 'UTF-8' },
                  Html: { Data: htmlOf(message.subject, message.body), Charset: 'UTF-8' },
                },
              },
            },
            ConfigurationSetName: configurationSet,
            EmailTags: [
              { Name: 'activation', Value: tagValue(message.activationId) },
              { Name: 'contact', Value: tagValue(message.recipient.id) },
              { Name: 'audience', Value: tagValue(message.audience) },
            ],
          }),
        ),
      ),
  };
};
