import { PublishCommand, SNSClient, ThrottledException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsSmsMessenger } from '#adapters/sns-sms-messenger';
import { TransientDeliveryError } from '#domain/errors';

const recipient = {
  id: 'maire-74010',
  audience: 'officials' as const,
  name: 'Maire d’Annecy',
  phone: '+33639980009',
};
const sms = {
  activationId: 'act-1',
  audience: 'officials' as const,
  communes: ['74010'],
  recipient,
  text: 'Crue du Fier.',
  encoding: 'GSM-7' as const,
  parts: 1,
  sentAt: '2026-03-10T10:05:00.000Z',
};

describe('snsSmsMessenger', () => {
  const sns = mockClient(SNSClient);
  const messenger = snsSmsMessenger({ client: new SNSClient({}), senderId: 'PREF74' });
  afterEach(() => sns.reset());

  it('publishes one transactional SMS to the recipient’s number with the sender ID', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sms-1' });

    const result = await messenger.sendSms(sms);

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

  it('turns a throttled publish into a TransientDeliveryError that the workflow retries', async () => {
    sns.on(PublishCommand).rejects(new ThrottledException({ message: 'Rate exceeded', $metadata: {} }));

    const sending = messenger.sendSms(sms);

    await expect(sending).rejects.toBeInstanceOf(TransientDeliveryError);
    await expect(sending).rejects.toHaveProperty('name', 'TransientDeliveryError');
  });

  it('lets a permanent refusal through as it is', async () => {
    sns.on(PublishCommand).rejects(new Error('InvalidParameter'));

    await expect(messenger.sendSms(sms)).rejects.not.toBeInstanceOf(TransientDeliveryError);
  });
});
