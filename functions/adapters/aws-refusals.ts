/**
 * What the messengers on AWS (SNS for SMS, SES for e-mail) do with a refusal: one that passes with time becomes a
 * `TransientDeliveryError`, which the state machine retries with backoff (the ledger then skips what was sent);
 * one that concerns this recipient only and that no retry mends becomes a `PermanentDeliveryError`, recorded for
 * that recipient while everyone else is still informed; any other (a configuration error: credentials, sender,
 * region, quota) goes through as it is and fails the task loudly. SDK-free: errors are recognised by the name,
 * message and HTTP status the SDK gives them.
 */
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';

/** The generic throttling errors every AWS API may answer, whatever exceptions its client models. */
const GENERIC_THROTTLING = ['Throttling', 'ThrottlingException', 'TooManyRequestsException'];

/** A refusal that passes with time: throttling under one of `throttlingNames`, HTTP 429, or a fault on AWS's side (5xx). */
export const isPassingRefusal = (error: unknown, throttlingNames: readonly string[]): boolean => {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode;
  return (
    GENERIC_THROTTLING.includes(error.name) ||
    throttlingNames.includes(error.name) ||
    status === 429 ||
    (typeof status === 'number' && status >= 500)
  );
};

/** One kind of refusal that concerns the recipient only. */
export interface RecipientRefusal {
  /** The error's names: the exception the client models, and the wire code an unmodelled one keeps. */
  names: readonly string[];
  /** Only when the provider's message says so (the same exception also answers configuration errors). */
  message?: RegExp;
  /** Never when the provider's message says so (what the exception answers about the configuration). */
  unless?: RegExp;
  /** What the ledger records: generic, in French, never the number or the address (the provider's message may hold them). */
  reason: string;
}

/**
 * The reason to record when `error` is a refusal of the recipient by one of `refusals`, followed by the error's
 * name (`Numéro refusé par SNS (InvalidParameterException)`); undefined for any other error.
 */
export const recipientRefusalReason = (
  error: unknown,
  refusals: readonly RecipientRefusal[],
): string | undefined => {
  if (!(error instanceof Error)) return undefined;
  const refusal = refusals.find(
    (candidate) =>
      candidate.names.includes(error.name) &&
      (!candidate.message || candidate.message.test(error.message)) &&
      !candidate.unless?.test(error.message),
  );
  return refusal ? `${refusal.reason} (${error.name})` : undefined;
};

/**
 * Makes one call to `provider`; answers its message id.
 * @throws TransientDeliveryError (with the refusal as its cause) when the refusal passes with time.
 * @throws PermanentDeliveryError (with the refusal as its cause and a reason free of personal data as its
 * message) when the provider refuses this recipient for good.
 */
export const deliverThrough = async (
  provider: {
    name: string;
    throttlingNames: readonly string[];
    recipientRefusals: readonly RecipientRefusal[];
  },
  send: () => Promise<{ MessageId?: string | undefined }>,
): Promise<{ messageId: string }> => {
  try {
    const { MessageId } = await send();
    return { messageId: MessageId ?? 'unknown' };
  } catch (error) {
    if (isPassingRefusal(error, provider.throttlingNames)) {
      throw new TransientDeliveryError(`${provider.name} refused for a passing reason`, { cause: error });
    }
    const reason = recipientRefusalReason(error, provider.recipientRefusals);
    if (reason !== undefined) throw new PermanentDeliveryError(reason, { cause: error });
    throw error;
  }
};
