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

/** SNS's own throttling errors, besides the generic ones (`aws-refusals.ts`). */
const SNS = { name: 'SNS', throttlingNames: ['ThrottledException', 'KMSThrottlingException'] };

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
