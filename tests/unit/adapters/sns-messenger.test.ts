import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsMessenger, toSnsSubject } from '#adapters/sns-messenger';
import { TransientDeliveryError } from '#domain/errors';

const topics = {
  officials: 'arn:aws:sns:eu-west-3:111122223333:module7-officials',
  press: 'arn:aws:sns:eu-west-3:111122223333:module7-press',
  publicLine: 'arn:aws:sns:eu-west-3:111122223333:module7-public-line',
};
const recipient = {
  id: 'maire-74010',
  audience: 'officials' as const,
  name: 'Maire d’Annecy',
  phone: '+33639980009',
};

describe('snsMessenger', () => {
  const sns = mockClient(SNSClient);
  const messenger = snsMessenger({ client: new SNSClient({}), senderId: 'PREF74', topics });
  afterEach(() => sns.reset());

  it('publishes one transactional SMS to the recipient’s number with the sender ID', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sms-1' });

    const result = await messenger.sendSms({
      activationId: 'act-1',
      audience: 'officials',
      communes: ['74010'],
      recipient,
      text: 'Crue du Fier.',
      encoding: 'GSM-7',
      parts: 1,
      sentAt: '2026-03-10T10:05:00.000Z',
    });

    expect(result).toEqual({ messageId: 'sms-1' });
    expect(sns).toHaveReceivedCommandExactlyOnceWith(PublishCommand, {
      PhoneNumber: '+33639980009',
      Message: 'Crue du Fier.',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'PREF74' },
      },
    });
  });

  it('publishes one e-mail to the audience’s topic with the communes for the filter policies', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'mail-1' });

    await messenger.sendEmail({
      activationId: 'act-1',
      audience: 'press',
      communes: ['74010', '74281'],
      recipients: [],
      subject: 'EXERCICE EXERCICE EXERCICE - Crue du Fier : fermeture des berges à Annecy',
      body: 'Texte',
      sentAt: '2026-03-10T10:05:00.000Z',
    });

    expect(sns).toHaveReceivedCommandExactlyOnceWith(PublishCommand, {
      TopicArn: topics.press,
      Subject: 'EXERCICE EXERCICE EXERCICE - Crue du Fier : fermeture des berges a Annecy',
      Message: 'Texte',
      MessageAttributes: {
        communes: { DataType: 'String.Array', StringValue: '["74010","74281"]' },
        activationId: { DataType: 'String', StringValue: 'act-1' },
      },
    });
  });

  it('turns a throttled publish into a TransientDeliveryError that the workflow retries', async () => {
    sns.on(PublishCommand).rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: {} }));

    const sending = messenger.sendSms({
      activationId: 'act-1',
      audience: 'officials',
      communes: ['74010'],
      recipient,
      text: 'x',
      encoding: 'GSM-7',
      parts: 1,
      sentAt: '2026-03-10T10:05:00.000Z',
    });

    await expect(sending).rejects.toBeInstanceOf(TransientDeliveryError);
    await expect(sending).rejects.toHaveProperty('name', 'TransientDeliveryError');
  });

  it('lets a permanent refusal through as it is', async () => {
    sns.on(PublishCommand).rejects(new Error('InvalidParameter'));

    await expect(
      messenger.sendEmail({
        activationId: 'act-1',
        audience: 'officials',
        communes: [],
        recipients: [],
        subject: 's',
        body: 'b',
        sentAt: '2026-03-10T10:05:00.000Z',
      }),
    ).rejects.not.toBeInstanceOf(TransientDeliveryError);
  });
});

describe('toSnsSubject', () => {
  it('makes a French subject ASCII, on one line, under 100 characters', () => {
    const subject = toSnsSubject(`Crue : l’Arve déborde à Cluses, œuvre – ${'é'.repeat(200)}\nfin`);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.length).toBeLessThan(100);
    expect(subject.startsWith("Crue : l'Arve deborde a Cluses, oeuvre - ")).toBe(true);
  });
});
