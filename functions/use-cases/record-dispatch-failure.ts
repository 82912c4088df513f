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
    error: { Error?: string | undefined; Cause?: string | undefined };
  },
  deps: Pick<Ports, 'timeline' | 'clock'>,
): Promise<void> => {
  await deps.timeline.append({
    activationId: input.activationId,
    at: deps.clock.now().toISOString(),
    type: 'dispatch.failed',
    actor: 'system',
    audience: input.audience,
    details: { error: input.error.Error ?? 'Unknown', cause: (input.error.Cause ?? '').slice(0, 500) },
  });
};
