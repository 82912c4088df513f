import { describe, expect, it } from 'vitest';
import { deliverThrough, type RecipientRefusal, recipientRefusalReason } from '#adapters/aws-refusals';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';

/** An error as the SDK gives it: a name, a message, the HTTP status in its metadata. */
const sdkError = (name: string, message: string, httpStatusCode = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });

const refusals: RecipientRefusal[] = [
  { names: ['InvalidParameterException'], message: /\bPhoneNumber\b/, reason: 'Numéro refusé' },
  { names: ['MessageRejected'], unless: /not verified/i, reason: 'Adresse refusée' },
];

describe('recipientRefusalReason', () => {
  it('answers the reason, with the error’s name, for a refusal of the recipient', () => {
    expect(
      recipientRefusalReason(
        sdkError('InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: +33639980009'),
        refusals,
      ),
    ).toBe('Numéro refusé (InvalidParameterException)');
    expect(recipientRefusalReason(sdkError('MessageRejected', 'Address blacklisted.'), refusals)).toBe(
      'Adresse refusée (MessageRejected)',
    );
  });

  it('answers nothing when the message does not say the recipient, or says the configuration', () => {
    expect(
      recipientRefusalReason(sdkError('InvalidParameterException', 'Invalid parameter: Message'), refusals),
    ).toBeUndefined();
    expect(
      recipientRefusalReason(sdkError('MessageRejected', 'Email address is not verified.'), refusals),
    ).toBeUndefined();
    expect(recipientRefusalReason(sdkError('OtherException', 'PhoneNumber'), refusals)).toBeUndefined();
    expect(recipientRefusalReason('InvalidParameterException: PhoneNumber', refusals)).toBeUndefined();
  });
});

describe('deliverThrough', () => {
  const provider = { name: 'SNS', throttlingNames: ['ThrottledException'], recipientRefusals: refusals };

  it('judges a fault on AWS’s side passing before anything else', async () => {
    const fault = sdkError('InvalidParameterException', 'PhoneNumber', 503);

    const failure = await deliverThrough(provider, () => Promise.reject(fault)).catch((caught) => caught);

    expect(failure).toBeInstanceOf(TransientDeliveryError);
  });

  it('throws a refusal of the recipient as a PermanentDeliveryError whose message holds none of the provider’s words', async () => {
    const refusal = sdkError(
      'InvalidParameterException',
      'Invalid parameter: PhoneNumber Reason: +33639980009',
    );

    const failure = await deliverThrough(provider, () => Promise.reject(refusal)).catch((caught) => caught);

    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect(failure).toMatchObject({ message: 'Numéro refusé (InvalidParameterException)', cause: refusal });
  });
});
