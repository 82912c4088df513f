import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { sfnWorkflowEngine } from '#adapters/sfn-workflow-engine';

const stateMachineArn = 'arn:aws:states:eu-west-3:111122223333:stateMachine:module7';

describe('sfnWorkflowEngine', () => {
  const sfn = mockClient(SFNClient);
  const engine = sfnWorkflowEngine({ client: new SFNClient({}), stateMachineArn });
  afterEach(() => sfn.reset());

  it('starts an execution named after the activation with its input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });

    await engine.start('act-1', { activationId: 'act-1' });

    expect(sfn).toHaveReceivedCommandExactlyOnceWith(StartExecutionCommand, {
      stateMachineArn,
      name: 'act-1',
      input: '{"activationId":"act-1"}',
    });
  });

  it('takes an execution that already exists as started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    await expect(engine.start('act-1', {})).resolves.toBeUndefined();
  });

  it('lets any other refusal through', async () => {
    sfn.on(StartExecutionCommand).rejects(new Error('AccessDenied'));

    await expect(engine.start('act-1', {})).rejects.toThrow('AccessDenied');
  });
});
