import { describe, expect, it } from 'vitest';
import { WorkflowInputError } from '#domain/errors';
import { AudienceTaskInput, DispatchFailureInput, parseTaskInput } from '#shared/task';

describe('parseTaskInput', () => {
  it('answers the fields the task declares, and only them', () => {
    expect(
      parseTaskInput(AudienceTaskInput, { activationId: 'act-1', audience: 'press', warnAt: 'x' }),
    ).toEqual({ activationId: 'act-1', audience: 'press' });
    expect(
      parseTaskInput(DispatchFailureInput, {
        activationId: 'act-1',
        audience: 'officials',
        error: { Error: 'TransientDeliveryError' },
      }),
    ).toEqual({ activationId: 'act-1', audience: 'officials', error: { Error: 'TransientDeliveryError' } });
  });

  it('throws a WorkflowInputError naming every failing field, nested ones by their path', () => {
    const parsing = () =>
      parseTaskInput(DispatchFailureInput, { activationId: '', audience: 'cabinet', error: { Cause: 42 } });

    expect(parsing).toThrow(WorkflowInputError);
    expect(parsing).toThrow('Invalid task input: activationId, audience, error.Cause');
  });

  it('refuses an input that is not an object', () => {
    for (const input of [null, 'act-1', ['act-1'], undefined]) {
      expect(() => parseTaskInput(AudienceTaskInput, input)).toThrow(WorkflowInputError);
    }
  });
});
