/**
 * Start the workflow of a new activation.
 * Input: the activation as stored. Output: nothing. Main course: start the execution named after the
 * activation with its workflow input. Starting again (a retried stream record, a restart) starts nothing new.
 */
import { type Activation, workflowInputOf } from '#domain/activation';
import type { Ports } from '#domain/ports';

export const startWorkflow = async (
  activation: Activation,
  deps: Pick<Ports, 'engine'>,
  settings: { escalationSeconds?: number } = {},
): Promise<void> => {
  await deps.engine.start(activation.executionName, {
    ...workflowInputOf(activation, settings.escalationSeconds),
  });
};
