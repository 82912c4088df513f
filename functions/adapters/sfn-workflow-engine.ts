/**
 * WorkflowEngine on AWS Step Functions: one Standard execution per activation, named after it, and the
 * answers to its callback tasks (the acknowledgement of a page).
 */
import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { TaskNotWaitingError } from '#domain/errors';
import type { WorkflowEngine } from '#domain/ports';

/** A token whose task timed out (the page escalated), ended, or never was: nobody waits for the answer. */
const notWaiting = (error: unknown) => {
  if (error instanceof TaskDoesNotExist || error instanceof TaskTimedOut || error instanceof InvalidToken) {
    throw new TaskNotWaitingError(error.name, { cause: error });
  }
  throw error;
};

/** The answers to callback tasks alone: what the acknowledgement functions need (no state machine ARN). */
export const sfnTaskAnswers = (
  client: SFNClient,
): Pick<WorkflowEngine, 'sendTaskSuccess' | 'sendTaskFailure'> => ({
  async sendTaskSuccess(taskToken, output) {
    await client
      .send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }))
      .catch(notWaiting);
  },
  async sendTaskFailure(taskToken, error, cause) {
    await client.send(new SendTaskFailureCommand({ taskToken, error, cause })).catch(notWaiting);
  },
});

export const sfnWorkflowEngine = (options: {
  client: SFNClient;
  stateMachineArn: string;
}): WorkflowEngine => ({
  async start(executionName, input) {
    try {
      await options.client.send(
        new StartExecutionCommand({
          stateMachineArn: options.stateMachineArn,
          name: executionName,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      // Standard workflows keep names for 90 days: the execution of this activation already exists.
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  },
  ...sfnTaskAnswers(options.client),
});
