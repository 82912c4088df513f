import { describe, expect, it, vi } from 'vitest';
import { anActivation } from '#tests/helpers/local-table';
import { startWorkflow } from '#use-cases/start-workflow';

describe('startWorkflow', () => {
  it('starts the execution named after the activation with what every branch needs', async () => {
    const engine = { start: vi.fn(async () => {}) };
    const activation = anActivation();

    await startWorkflow(activation, { engine });

    expect(engine.start).toHaveBeenCalledWith(activation.executionName, {
      activationId: activation.id,
      acceptedAt: activation.acceptedAt,
      warnAt: activation.warnAt,
      deadline: activation.deadline,
      audiences: ['officials', 'press', 'publicLine'],
    });
  });
});
