/** Loads the activation a workflow task acts on, by the id the state machine passes. */
import type { Activation } from '#domain/activation';
import { WorkflowInputError } from '#domain/errors';
import type { ActivationStore } from '#domain/ports';

/** @throws WorkflowInputError when the state machine passed an id that does not exist (not retried). */
export const loadActivation = async (store: ActivationStore, id: string): Promise<Activation> => {
  const activation = await store.get(id);
  if (!activation) throw new WorkflowInputError(`Activation ${id} does not exist`);
  return activation;
};
