/**
 * Messenger on Amazon SNS. SMS: one direct publish per recipient (transactional, with the sender ID), so that
 * each send has its own message id in the ledger. E-mail: one publish per audience to the audience's topic,
 * with the affected communes as a `communes` attribute that subscription filter policies match.
 */
import {
  InternalErrorException,
  KMSThrottlingException,
  PublishCommand,
  type SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import type { DirectoryAudience } from '#domain/directory';
import { TransientDeliveryError } from '#domain/errors';
import type { Messenger } from '#domain/ports';

export interface SnsMessengerOptions {
  client: SNSClient;
  /** Alphanumeric sender ID shown on phones (3–11 characters, at least one letter). */
  senderId: string;
  /** The e-mail topic of each audience. */
  topics: Partial<Record<DirectoryAudience, string>>;
}

/** SNS subjects are ASCII, under 100 characters, on one line. */
export const toSnsSubject = (subject: string) =>
  subject
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/[^\x20-\x7e]/g, ' ')
    .trim()
    .slice(0, 99);

/** SNS's generic throttling errors, which it answers under names no exception class of the client models. */
const THROTTLING_NAMES = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

/** A refusal that passes with time: throttling of any name, HTTP 429, or a fault on AWS's side (5xx). */
const transient = (error: unknown) => {
  if (
    error instanceof ThrottledException ||
    error instanceof KMSThrottlingException ||
    error instanceof InternalErrorException
  )
    return true;
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return THROTTLING_NAMES.has(error.name) || status === 429 || (typeof status === 'number' && status >= 500);
};

const publish = async (client: SNSClient, command: PublishCommand) => {
  try {
    const { MessageId } = await client.send(command);
    return { messageId: MessageId ?? 'unknown' };
  } catch (error) {
    if (transient(error))
      throw new TransientDeliveryError('SNS refused for a passing reason', { cause: error });
    throw error;
  }
};

export const snsMessenger = ({ client, senderId, topics }: SnsMessengerOptions): Messenger => ({
  sendSms: (message) =>
    publish(
      client,
      new PublishCommand({
        PhoneNumber: message.recipient.phone,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: senderId },
        },
      }),
    ),

  sendEmail: (message) => {
    const topicArn = topics[message.audience];
    if (!topicArn) throw new Error(`No e-mail topic is configured for the audience ${message.audience}`);
    return publish(
      client,
      new PublishCommand({
        TopicArn: topicArn,
        Subject: toSnsSubject(message.subject),
        Message: message.body,
        MessageAttributes: {
          communes: { DataType: 'String.Array', StringValue: JSON.stringify(message.communes) },
          activationId: { DataType: 'String', StringValue: message.activationId },
        },
      }),
    );
  },
});
