import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkflowInputError } from '#domain/errors';
import { logger } from '#shared/powertools';
import {
  ActivationTaskInput,
  AudienceTaskInput,
  DispatchFailureInput,
  defineTask,
  lambdaTask,
  parseTaskInput,
} from '#shared/task';
import { lambdaContext } from '#tests/helpers/lambda';

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

describe('defineTask', () => {
  it('runs its body on the input as read, with only the fields the task declares', async () => {
    const perform = vi.fn(async (input: { activationId: string }) => ({ seen: input }));
    const task = defineTask('RecordActivation', ActivationTaskInput, perform);

    await expect(task.run({ activationId: 'act-1', audience: 'press' })).resolves.toEqual({
      seen: { activationId: 'act-1' },
    });
    expect(task.name).toBe('RecordActivation');
  });

  it('rejects an input that does not fit with a WorkflowInputError, and runs nothing', async () => {
    const perform = vi.fn(async () => 'done');
    const task = defineTask('DispatchAudience', AudienceTaskInput, perform);

    await expect(task.run({ activationId: 'act-1', audience: 'cabinet' })).rejects.toThrow(
      new WorkflowInputError('Invalid task input: audience'),
    );
    expect(perform).not.toHaveBeenCalled();
  });
});

describe('lambdaTask', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A task whose ports come from `deps`, as a handler's factory gives them. */
  const aTask = (deps: () => { now: string }, perform = async (input: { activationId: string }) => input) =>
    defineTask('RecordActivation', ActivationTaskInput, async (input) => {
      deps();
      return perform(input);
    });

  it("answers the task's result, with its name and activation id on every log line", async () => {
    const appendKeys = vi.spyOn(logger, 'appendKeys');
    const handler = lambdaTask(aTask(() => ({ now: 'x' })));

    await expect(handler({ activationId: 'act-1' }, lambdaContext())).resolves.toEqual({
      activationId: 'act-1',
    });
    expect(appendKeys).toHaveBeenCalledWith({ task: 'RecordActivation', activationId: 'act-1' });
  });

  it('builds its ports on an invocation with a valid input, not before', async () => {
    const deps = vi.fn(() => ({ now: 'x' }));
    const handler = lambdaTask(aTask(deps));
    expect(deps).not.toHaveBeenCalled();

    await expect(handler({}, lambdaContext())).rejects.toHaveProperty('name', 'WorkflowInputError');
    expect(deps).not.toHaveBeenCalled();

    await handler({ activationId: 'act-1' }, lambdaContext());
    expect(deps).toHaveBeenCalledOnce();
  });

  it('runs `before` on the read input ahead of the task, even when the task then fails', async () => {
    const calls: string[] = [];
    const handler = lambdaTask(
      aTask(
        () => ({ now: 'x' }),
        async () => {
          calls.push('task');
          throw new Error('store refused');
        },
      ),
      {
        before: (input) => calls.push(`before ${input.activationId}`),
        after: () => calls.push('after'),
      },
    );

    await expect(handler({ activationId: 'act-1', extra: 1 }, lambdaContext())).rejects.toThrow(
      'store refused',
    );
    expect(calls).toEqual(['before act-1', 'task']);
  });

  it('runs `after` with the result of a task that succeeds, and no hook on an input that does not fit', async () => {
    const before = vi.fn();
    const after = vi.fn();
    const handler = lambdaTask(
      aTask(() => ({ now: 'x' })),
      { before, after },
    );

    await handler({ activationId: 'act-1' }, lambdaContext());
    expect(after).toHaveBeenCalledWith({ activationId: 'act-1' });

    before.mockClear();
    after.mockClear();
    await expect(handler({ activationId: 42 }, lambdaContext())).rejects.toHaveProperty(
      'name',
      'WorkflowInputError',
    );
    expect(before).not.toHaveBeenCalled();
    expect(after).not.toHaveBeenCalled();
  });
});
