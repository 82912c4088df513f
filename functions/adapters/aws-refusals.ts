/**
 * What the messengers on AWS (SNS for SMS, SES for e-mail) do with a refusal: one that passes with time becomes a
 * `TransientDeliveryError`, which the state machine retries with backoff (the ledger then skips what was sent);
 * any other goes through as it is. SDK-free: errors are recognised by the name and HTTP status the SDK gives them.
 */
import { TransientDeliveryError } from '#domain/errors';

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

/**
 * Makes one call to `provider`; answers its message id.
 * @throws TransientDeliveryError (with the refusal as its cause) when the refusal passes with time.
 */
export const deliverThrough = async (
  provider: { name: string; throttlingNames: readonly string[] },
  send: () => Promise<{ MessageId?: string | undefined }>,
): Promise<{ messageId: string }> => {
  try {
    const { MessageId } = await send();
    return { messageId: MessageId ?? 'unknown' };
  } catch (error) {
    if (isPassingRefusal(error, provider.throttlingNames)) {
      throw new TransientDeliveryError(`${provider.name} refused for a passing reason`, { cause: error });
    }
    throw error;
  }
};
