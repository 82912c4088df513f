/**
 * SMS on Amazon SNS: one direct publish per recipient (transactional, with the sender ID), so that each send
 * has its own message id in the ledger.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Messenger } from '#domain/ports';
import { deliverThrough } from './aws-refusals.ts';

export interface SnsSmsMessengerOptions {
  client: SNSClient;
  /** Alphanumeric sender ID shown on phones (3–11 characters, at least one letter). */
  senderId: string;
}

/**
 * SNS's own throttling errors, besides the generic ones (`aws-refusals.ts`), and its refusals of one number:
 * - `InvalidParameterException` (or `InvalidParameterValueException`) about the `PhoneNumber` parameter:
 *   `Invalid parameter: PhoneNumber Reason: +336… is not valid to publish to`. The same exceptions also refuse
 *   the sender ID or the attributes, which are configuration and must fail the task: only a message that names
 *   `PhoneNumber` counts. Its message holds the number, so the reason recorded is ours, never SNS's.
 * - `OptedOutException`: the number opted out of the account's SMS. The SDK models it (SNS documents it for the
 *   sandbox's numbers, not for Publish), and it can only be about the number.
 * A region without SMS answers the first for every number; the dispatch then finds a whole channel refused and
 * fails the task (`AudienceNotReachedError`), so that this stays loud.
 */
const SNS = {
  name: 'SNS',
  throttlingNames: ['ThrottledException', 'KMSThrottlingException'],
  recipientRefusals: [
    {
      names: [
        'InvalidParameterException',
        'InvalidParameter',
        'InvalidParameterValueException',
        'InvalidParameterValue',
      ],
      message: /\bPhoneNumber\b/,
      reason: 'Numéro refusé par SNS : il ne peut pas recevoir de SMS',
    },
    {
      names: ['OptedOutException', 'OptedOut'],
      reason: 'Numéro désinscrit des SMS de la préfecture',
    },
  ],
};

export const snsSmsMessenger = ({
  client,
  senderId,
}: SnsSmsMessengerOptions): Pick<Messenger, 'sendSms'> => ({
  sendSms: (message) =>
    deliverThrough(SNS, () =>
      client.send(
        new PublishCommand({
          PhoneNumber: message.recipient.phone,
          Message: message.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId },
          },
        }),
      ),
    ),
});
