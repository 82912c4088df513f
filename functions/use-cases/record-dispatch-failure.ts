/**
 * Record that an audience could not be informed after every retry (the state machine's Catch).
 * Input: the activation id, the audience and the error the state machine caught. Output: nothing.
 */
import type { Audience } from '#domain/activation';
import type { Ports } from '#domain/ports';

export const recordDispatchFailure = async (
  input: {
    activationId: string;
    audience: Audience;
    /** A follow-up message's failure (`message.failed`); the first message's otherwise (`dispatch.failed`). */
    messageId?: string | undefined;
    error: { Error?: string | undefined; Cause?: string | undefined };
  },
  deps: Pick<Ports, 'timeline' | 'clock'>,
): Promise<void> => {
  await deps.timeline.append({
    activationId: input.activationId,
    at: deps.clock.now().toISOString(),
    type: input.messageId === undefined ? 'dispatch.failed' : 'message.failed',
    actor: 'system',
    audience: input.audience,
    ...(input.messageId === undefined ? {} : { subject: input.messageId }),
    details: {
      ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
      error: input.error.Error ?? 'Unknown',
      cause: (input.error.Cause ?? '').slice(0, 500),
    },
  });
};
