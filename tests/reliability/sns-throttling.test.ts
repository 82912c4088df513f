/** SNS refusals that pass with time are TransientDeliveryErrors, which the workflow retries with backoff. */
import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsSmsMessenger } from '#adapters/sns-sms-messenger';
import { TransientDeliveryError } from '#domain/errors';

const serviceError = (name: string, httpStatusCode: number) =>
  new SNSServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode },
  });

describe('snsSmsMessenger under a refusing SNS', () => {
  const sns = mockClient(SNSClient);
  const messenger = snsSmsMessenger({ client: new SNSClient({}), senderId: 'PREF74' });
  afterEach(() => sns.reset());
  const sendSms = () =>
    messenger.sendSms({
      activationId: 'act-1',
      audience: 'officials',
      communes: ['74010'],
      recipient: { id: 'maire-74010', audience: 'officials', name: 'Maire', phone: '+33639980009' },
      text: 'x',
      encoding: 'GSM-7',
      parts: 1,
      sentAt: '2026-03-10T10:05:00.000Z',
    });

  it.each([
    ['ThrottledException (HTTP 400)', serviceError('ThrottledException', 400)],
    ['KMSThrottlingException (HTTP 400)', serviceError('KMSThrottlingException', 400)],
    ['the generic Throttling error (HTTP 400)', serviceError('Throttling', 400)],
    ['ThrottlingException', serviceError('ThrottlingException', 400)],
    ['TooManyRequestsException', serviceError('TooManyRequestsException', 429)],
    ['an unnamed 429', serviceError('SomethingNew', 429)],
    ['a 503', serviceError('ServiceUnavailable', 503)],
    ['a 500', serviceError('InternalFailure', 500)],
  ])('retries %s, keeping the cause', async (_name, error) => {
    sns.on(PublishCommand).rejects(error);

    const failure = await sendSms().catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(TransientDeliveryError);
    expect((failure as Error).cause).toBe(error);
  });

  it.each([
    ['an invalid parameter', serviceError('InvalidParameter', 400)],
    ['an authorization error', serviceError('AuthorizationError', 403)],
  ])('does not retry %s', async (_name, error) => {
    sns.on(PublishCommand).rejects(error);

    const failure = await sendSms().catch((caught: unknown) => caught);

    expect(failure).toBe(error);
  });

  it('answers an opted-out number as this recipient’s permanent failure, the refusal kept as its cause', async () => {
    const error = serviceError('OptedOut', 400);
    sns.on(PublishCommand).rejects(error);

    const failure = await sendSms().catch((caught: unknown) => caught);

    expect(failure).toMatchObject({ name: 'PermanentDeliveryError', cause: error });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});
