import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  LimitExceededException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  NotFoundException,
  SESv2Client,
  SESv2ServiceException,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { displayName, fromHeader, htmlOf, sesEmailMessenger } from '#adapters/ses-email-messenger';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';
import type { EmailMessage } from '#domain/ports';

const from = { name: 'Préfecture de la Haute-Savoie', address: 'alerte@prefecture.example.org' };
const email = (recipient: { id: string; email: string }): EmailMessage => ({
  activationId: 'act-0123456789abcdef0123',
  audience: 'officials',
  communes: ['74010', '74281'],
  recipient: { ...recipient, audience: 'officials', name: 'Maire' },
  subject: 'EXERCICE EXERCICE EXERCICE - Crue du Fier : l’Arve déborde à Cluses',
  body: 'Les berges sont fermées.\nÉvitez-les.\n\nConsignes : <restez chez vous> & écoutez France Bleu.',
  sentAt: '2026-03-10T10:05:00.000Z',
});
const annecy = { id: 'maire-74010', email: 'maire-74010@example.org' };
const thonon = { id: 'maire-74281', email: 'maire-74281@example.org' };

/** The base64 of an RFC 2047 encoded word, decoded. */
const decodedWords = (header: string) =>
  [...header.matchAll(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=/g)]
    .map(([, base64]) => Buffer.from(base64 ?? '', 'base64').toString('utf8'))
    .join('');

describe('sesEmailMessenger', () => {
  const ses = mockClient(SESv2Client);
  const messenger = sesEmailMessenger({
    client: new SESv2Client({}),
    from,
    configurationSet: 'module7-74',
  });
  afterEach(() => ses.reset());

  it('sends one e-mail per recipient, to that recipient alone, each with its own message id', async () => {
    ses.on(SendEmailCommand).resolvesOnce({ MessageId: 'mail-1' }).resolvesOnce({ MessageId: 'mail-2' });

    const results = [await messenger.sendEmail(email(annecy)), await messenger.sendEmail(email(thonon))];

    expect(results).toEqual([{ messageId: 'mail-1' }, { messageId: 'mail-2' }]);
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 2);
    expect(ses).toHaveReceivedNthCommandWith(SendEmailCommand, 1, {
      Destination: { ToAddresses: ['maire-74010@example.org'] },
    });
    expect(ses).toHaveReceivedNthCommandWith(SendEmailCommand, 2, {
      Destination: { ToAddresses: ['maire-74281@example.org'] },
    });
  });

  it('keeps the UTF-8 subject as written, sends text and HTML, with the configuration set and the activation’s tags', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'mail-1' });

    await messenger.sendEmail(email(annecy));

    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: fromHeader(from),
      Destination: { ToAddresses: ['maire-74010@example.org'] },
      Content: {
        Simple: {
          Subject: {
            Data: 'EXERCICE EXERCICE EXERCICE - Crue du Fier : l’Arve déborde à Cluses',
            Charset: 'UTF-8',
          },
          Body: {
            Text: { Data: email(annecy).body, Charset: 'UTF-8' },
            Html: { Data: htmlOf(email(annecy).subject, email(annecy).body), Charset: 'UTF-8' },
          },
        },
      },
      ConfigurationSetName: 'module7-74',
      EmailTags: [
        { Name: 'activation', Value: 'act-0123456789abcdef0123' },
        { Name: 'contact', Value: 'maire-74010' },
        { Name: 'audience', Value: 'officials' },
      ],
    });
  });

  it('writes each tag in the characters SES accepts', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'mail-1' });

    await messenger.sendEmail(email({ id: 'élu 74010/2', email: 'elu@example.org' }));

    const [command] = ses.commandCalls(SendEmailCommand);
    expect(command?.args[0].input.EmailTags).toContainEqual({ Name: 'contact', Value: '_lu_74010_2' });
  });

  it.each([
    [
      'TooManyRequestsException (429, maximum sending rate)',
      new TooManyRequestsException({
        message: 'Maximum sending rate exceeded.',
        $metadata: { httpStatusCode: 429 },
      }),
    ],
    [
      'LimitExceededException (a sending quota)',
      new LimitExceededException({
        message: 'Daily message quota exceeded.',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'InternalServiceErrorException (500)',
      new InternalServiceErrorException({ message: 'Internal', $metadata: { httpStatusCode: 500 } }),
    ],
    [
      'the generic ThrottlingException',
      new SESv2ServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'an unnamed 503',
      new SESv2ServiceException({
        name: 'ServiceUnavailable',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      }),
    ],
  ])(
    'turns %s into a TransientDeliveryError that the workflow retries, keeping the cause',
    async (_name, error) => {
      ses.on(SendEmailCommand).rejects(error);

      const failure = await messenger.sendEmail(email(annecy)).catch((caught: unknown) => caught);

      expect(failure).toBeInstanceOf(TransientDeliveryError);
      expect(failure).toHaveProperty('name', 'TransientDeliveryError');
      expect((failure as Error).cause).toBe(error);
    },
  );

  it.each([
    [
      'MessageRejected',
      new MessageRejected({ message: 'Address blacklisted.', $metadata: { httpStatusCode: 400 } }),
      'Message refusé par SES pour cette adresse (MessageRejected)',
    ],
    [
      'BadRequestException "Illegal address"',
      new BadRequestException({ message: 'Illegal address', $metadata: { httpStatusCode: 400 } }),
      'Adresse e-mail refusée par SES : elle n’est pas valide (BadRequestException)',
    ],
    [
      'BadRequestException "Missing final \'@domain\'"',
      new BadRequestException({ message: "Missing final '@domain'", $metadata: { httpStatusCode: 400 } }),
      'Adresse e-mail refusée par SES : elle n’est pas valide (BadRequestException)',
    ],
    [
      'BadRequestException "Local address contains control or whitespace"',
      new BadRequestException({
        message: 'Local address contains control or whitespace',
        $metadata: { httpStatusCode: 400 },
      }),
      'Adresse e-mail refusée par SES : elle n’est pas valide (BadRequestException)',
    ],
  ])(
    'turns %s into a PermanentDeliveryError for this recipient, the refusal kept as cause',
    async (_name, error, reason) => {
      ses.on(SendEmailCommand).rejects(error);

      const failure = await messenger.sendEmail(email(annecy)).catch((caught: unknown) => caught);

      expect(failure).toBeInstanceOf(PermanentDeliveryError);
      expect(failure).toHaveProperty('name', 'PermanentDeliveryError');
      expect((failure as Error).message).toBe(reason);
      expect((failure as Error).cause).toBe(error);
    },
  );

  it.each([
    [
      'MessageRejected "Email address is not verified" (the sender’s identity, or an account in the sandbox)',
      new MessageRejected({
        message:
          'Email address is not verified. The following identities failed the check in region EU-WEST-3: alerte@prefecture.example.org',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'a BadRequestException about something else than an address',
      new BadRequestException({
        message: 'Tag value contains invalid characters',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'SendingPausedException',
      new SendingPausedException({ message: 'Sending paused', $metadata: { httpStatusCode: 400 } }),
    ],
    [
      'AccountSuspendedException',
      new AccountSuspendedException({ message: 'Account suspended', $metadata: { httpStatusCode: 400 } }),
    ],
    [
      'MailFromDomainNotVerifiedException',
      new MailFromDomainNotVerifiedException({
        message: 'MAIL FROM domain not verified',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'NotFoundException (the configuration set)',
      new NotFoundException({
        message: 'Configuration set <module7-74> does not exist.',
        $metadata: { httpStatusCode: 404 },
      }),
    ],
  ])('lets %s through as it is: the configuration’s, it fails the task', async (_name, error) => {
    ses.on(SendEmailCommand).rejects(error);

    const failure = await messenger.sendEmail(email(annecy)).catch((caught: unknown) => caught);

    expect(failure).toBe(error);
  });
});

describe('the sender', () => {
  it('encodes a French display name in RFC 2047 words, ASCII only, and keeps the address', () => {
    const header = fromHeader(from);

    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(header.endsWith(' <alerte@prefecture.example.org>')).toBe(true);
    expect(decodedWords(header)).toBe('Préfecture de la Haute-Savoie');
  });

  it('cuts a long name into words of 75 characters at most, never inside a character', () => {
    const name = `Préfecture de la Haute-Savoie — cabinet du préfet, ${'é'.repeat(40)}`;

    const words = displayName(name).split(' ');

    expect(words.length).toBeGreaterThan(1);
    for (const word of words) expect(word.length).toBeLessThanOrEqual(75);
    expect(decodedWords(displayName(name))).toBe(name);
  });

  it('quotes a plain ASCII name', () => {
    expect(fromHeader({ name: 'Prefecture 74', address: 'alerte@prefecture.example.org' })).toBe(
      '"Prefecture 74" <alerte@prefecture.example.org>',
    );
  });
});

describe('the HTML part', () => {
  it('escapes the text and makes one paragraph of each block, keeping its line breaks', () => {
    const html = htmlOf(
      'Crue <Fier> & "Arve"',
      'Ligne 1\nLigne 2\n\n<script>alert(1)</script> & l’Arve\n\n\n',
    );

    expect(html).toContain('<title>Crue &lt;Fier&gt; &amp; &quot;Arve&quot;</title>');
    expect(html).toContain('<p>Ligne 1<br>\nLigne 2</p>');
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; l’Arve</p>');
    expect(html).not.toContain('<script>');
    expect(html.match(/<p>/g)).toHaveLength(2);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
  });
});
