/** WorkflowEngine on AWS Step Functions: one Standard execution per activation, named after it. */
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '#domain/ports';

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
});
