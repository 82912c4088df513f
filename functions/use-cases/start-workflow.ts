/**
 * Start the execution of what was just stored: an activation's first hour, the prefect's order of the CIP, a
 * follow-up message. Input: the item as stored. Output: nothing. Main course: start the execution named after
 * it with its input (the state machine's first Choice reads its `kind`). Starting again (a retried stream
 * record, a restart) starts nothing new.
 */
import { type Activation, DEFAULT_ESCALATION_SECONDS, workflowInputOf } from '#domain/activation';
import {
  type CipOrder,
  cipExecutionName,
  cipWorkflowInput,
  type FollowUp,
  messageExecutionName,
  messageWorkflowInput,
} from '#domain/follow-ups';
import type { Ports } from '#domain/ports';

export interface WorkflowSettings {
  escalationSeconds?: number;
}

/** An item whose insert starts an execution. */
export type Startable =
  | { kind: 'activation'; activation: Activation }
  | { kind: 'cip'; order: CipOrder }
  | { kind: 'message'; message: FollowUp };

export const startWorkflow = async (
  activation: Activation,
  deps: Pick<Ports, 'engine'>,
  settings: WorkflowSettings = {},
): Promise<void> => {
  await deps.engine.start(activation.executionName, {
    ...workflowInputOf(activation, settings.escalationSeconds),
  });
};

export const startExecutionOf = async (
  item: Startable,
  deps: Pick<Ports, 'engine'>,
  settings: WorkflowSettings = {},
): Promise<void> => {
  if (item.kind === 'activation') return startWorkflow(item.activation, deps, settings);
  if (item.kind === 'cip') {
    return deps.engine.start(
      cipExecutionName(item.order),
      cipWorkflowInput(item.order, settings.escalationSeconds ?? DEFAULT_ESCALATION_SECONDS),
    );
  }
  return deps.engine.start(messageExecutionName(item.message), messageWorkflowInput(item.message));
};
