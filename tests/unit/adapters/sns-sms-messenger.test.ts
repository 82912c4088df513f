import {
  AuthorizationErrorException,
  InvalidParameterException,
  InvalidParameterValueException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsSmsMessenger } from '#adapters/sns-sms-messenger';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';

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

  it.each([
    [
      'InvalidParameterException about the number',
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: +33639980009 is not valid to publish to',
        $metadata: { httpStatusCode: 400 },
      }),
      'Numéro refusé par SNS : il ne peut pas recevoir de SMS (InvalidParameterException)',
    ],
    [
      'InvalidParameterValueException about the number',
      new InvalidParameterValueException({
        message: 'Invalid parameter: PhoneNumber Reason: +33639980009 is not valid to publish to',
        $metadata: { httpStatusCode: 400 },
      }),
      'Numéro refusé par SNS : il ne peut pas recevoir de SMS (InvalidParameterValueException)',
    ],
    [
      'OptedOutException',
      new OptedOutException({ message: 'Phone number is opted out', $metadata: { httpStatusCode: 400 } }),
      'Numéro désinscrit des SMS de la préfecture (OptedOutException)',
    ],
  ])(
    'turns %s into a PermanentDeliveryError for this recipient, its reason free of the number, the refusal kept as cause',
    async (_name, error, reason) => {
      sns.on(PublishCommand).rejects(error);

      const failure = await messenger.sendSms(sms).catch((caught: unknown) => caught);

      expect(failure).toBeInstanceOf(PermanentDeliveryError);
      expect(failure).toHaveProperty('name', 'PermanentDeliveryError');
      expect((failure as Error).message).toBe(reason);
      expect((failure as Error).message).not.toMatch(/\d{4}/);
      expect((failure as Error).cause).toBe(error);
    },
  );

  it.each([
    [
      'an InvalidParameterException about the sender ID',
      new InvalidParameterException({
        message: 'Invalid parameter: MessageAttributes Reason: AWS.SNS.SMS.SenderID is not valid',
        $metadata: { httpStatusCode: 400 },
      }),
    ],
    [
      'an AuthorizationErrorException',
      new AuthorizationErrorException({
        message: 'User is not authorized to perform: SNS:Publish',
        $metadata: { httpStatusCode: 403 },
      }),
    ],
    ['an error without a name of SNS', new Error('InvalidParameter')],
  ])('lets %s through as it is: the configuration’s, it fails the task', async (_name, error) => {
    sns.on(PublishCommand).rejects(error);

    const failure = await messenger.sendSms(sms).catch((caught: unknown) => caught);

    expect(failure).toBe(error);
  });
});
