/**
 * Publish the numéro unique once the CIP is operational (M7-4's proof that the number was published).
 * Input: the activation id. Output: the id of the message that carries it.
 * Main course: the public line is sent the number the CIP answers, as a follow-up message of the system's
 * (one per activation: a replay publishes nothing new); every later message ends with the number.
 */
import { closureOf, operationalEventOf } from '#domain/commitments';
import { ActivationClosedError, WorkflowInputError } from '#domain/errors';
import { CRISIS_NUMBER_MESSAGE_ID, crisisNumberMessage } from '#domain/follow-ups';
import type { Ports } from '#domain/ports';
import { loadActivation } from './load-activation.ts';
import { publishMessage } from './publish-message.ts';

export const announceCrisisNumber = async (
  input: { activationId: string },
  deps: Pick<Ports, 'store' | 'timeline' | 'clock'>,
): Promise<{ messageId: string }> => {
  const activation = await loadActivation(deps.store, input.activationId);
  const order = await deps.store.getCipOrder(activation.id);
  const events = await deps.timeline.list(activation.id);
  const operational = operationalEventOf('cip', events);
  if (!order || !operational) {
    throw new WorkflowInputError(`The CIP of ${activation.id} is not ordered and operational`);
  }
  if (closureOf(events)) throw new ActivationClosedError(`Activation ${activation.id} is closed`);
  await publishMessage(
    activation,
    {
      id: CRISIS_NUMBER_MESSAGE_ID,
      kind: 'crisis-number',
      audiences: ['publicLine'],
      message: crisisNumberMessage(activation, order.crisisNumber, operational.at),
      postedAt: deps.clock.now().toISOString(),
      postedBy: 'system',
      requestHash: '',
    },
    deps,
  );
  return { messageId: CRISIS_NUMBER_MESSAGE_ID };
};
