import { describe, expect, it } from 'vitest';
import { fakeWorkflowEngine } from '#tests/helpers/fakes';
import { anActivation } from '#tests/helpers/fixtures';
import { startWorkflow } from '#use-cases/start-workflow';

describe('startWorkflow', () => {
  it('starts the execution named after the activation with what every branch needs', async () => {
    const engine = fakeWorkflowEngine();
    const activation = anActivation();

    await startWorkflow(activation, { engine });

    expect(engine.calls).toEqual([
      {
        executionName: activation.executionName,
        input: {
          activationId: activation.id,
          acceptedAt: activation.acceptedAt,
          warnAt: activation.warnAt,
          deadline: activation.deadline,
          audiences: ['officials', 'press', 'publicLine'],
          escalationSeconds: 600,
        },
      },
    ]);
  });
});
