/**
 * The local runner's own rules, on small state machines written here: a Task's timeout is counted after the
 * wait that gates it, and callback tasks wait for their token or time out on the activation's clock.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskNotWaitingError } from '#domain/errors';
import { type LocalStateMachine, localStateMachine, type TaskHandler } from '#local/state-machine';
import { eventually, manualClock } from '#tests/helpers/manual-clock';

const T0 = '2026-03-10T10:00:00.000Z';
const LATER = '2026-03-10T10:45:00.000Z';

const aslFile = (states: Record<string, unknown>, startAt: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'asl-')), 'machine.asl.json');
  writeFileSync(path, JSON.stringify({ StartAt: startAt, TimeoutSeconds: 3_600, States: states }));
  return path;
};

let machine: LocalStateMachine | undefined;
afterEach(async () => {
  await machine?.close();
  machine = undefined;
});

const run = (aslPath: string, tasks: Record<string, TaskHandler>, clock = manualClock(T0)) => {
  machine = localStateMachine({ aslPath, tasks: () => tasks, clockOf: () => clock });
  return { machine, clock };
};

const ended = async (machine: LocalStateMachine, name: string) => {
  await machine.settled(name);
  return machine.execution(name);
};

describe('a Task gated by a Wait', () => {
  const gated = aslFile(
    {
      Later: { Type: 'Wait', TimestampPath: '$.at', Next: 'Work' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder, replaced as CDK does.
      Work: { Type: 'Task', Resource: '${WorkFunctionArn}', TimeoutSeconds: 1, End: true },
    },
    'Later',
  );

  it('is not timed out while its wait lasts longer than its own timeout', async () => {
    const { machine, clock } = run(gated, { Work: async () => ({ done: true }) });
    await machine.start('gated', { at: LATER });
    await eventually(() => (clock.waiting > 0 ? true : undefined), { what: 'the wait' });
    // Longer than the Task's one second: the library alone would have timed it out by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(machine.execution('gated')?.status).toBe('RUNNING');
    clock.set(LATER);
    expect((await ended(machine, 'gated'))?.status).toBe('SUCCEEDED');
  });

  it('is timed out by its own timeout once the wait is over', async () => {
    const { machine, clock } = run(gated, { Work: () => new Promise(() => {}) });
    clock.set(LATER);
    await machine.start('stuck', { at: LATER });
    const execution = await ended(machine, 'stuck');
    expect(execution?.status).toBe('FAILED');
    expect(execution?.error).toMatch(/States\.Timeout/);
  });
});

describe('a callback task', () => {
  const callback = aslFile(
    {
      Page: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder, replaced as CDK does.
          FunctionName: '${PageFunctionArn}',
          Payload: { 'who.$': '$.who', 'taskToken.$': '$$.Task.Token' },
        },
        TimeoutSecondsPath: '$.escalationSeconds',
        ResultPath: '$.answer',
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Escalate' }],
        Next: 'Answered',
      },
      Escalate: { Type: 'Pass', Result: 'escalated', ResultPath: '$.outcome', End: true },
      Answered: { Type: 'Pass', End: true },
    },
    'Page',
  );

  const paging = () => {
    const tokens: string[] = [];
    const inputs: unknown[] = [];
    const handler: TaskHandler = async (input) => {
      inputs.push(input);
      tokens.push(String((input as { taskToken: string }).taskToken));
      return { timeoutAt: '2026-03-10T10:10:00.000Z' };
    };
    return { tokens, inputs, handler };
  };

  it('gets its Payload with a token of its own and goes on with the answer sent for it', async () => {
    const { tokens, inputs, handler } = paging();
    const { machine } = run(callback, { Page: handler });
    await machine.start('answered', { who: 'c-1', escalationSeconds: 600 });
    const [token] = await eventually(() => (tokens.length > 0 ? tokens : undefined));
    expect(inputs[0]).toEqual({ who: 'c-1', taskToken: token });
    await machine.sendTaskSuccess(String(token), { by: 'c-1' });
    const execution = await ended(machine, 'answered');
    expect(execution?.status).toBe('SUCCEEDED');
    await expect(machine.sendTaskSuccess(String(token), {})).rejects.toBeInstanceOf(TaskNotWaitingError);
  });

  it('times out when the activation clock reaches the instant its handler answered, never before', async () => {
    const { tokens, handler } = paging();
    const { machine, clock } = run(callback, { Page: handler });
    await machine.start('silent', { who: 'c-1', escalationSeconds: 600 });
    await eventually(() => (clock.waiting > 0 ? true : undefined), { what: 'the page to wait' });
    clock.set('2026-03-10T10:09:59.000Z');
    expect(machine.execution('silent')?.status).toBe('RUNNING');
    clock.set('2026-03-10T10:10:00.000Z');
    expect((await ended(machine, 'silent'))?.status).toBe('SUCCEEDED');
    const outcome = machine.execution('silent')?.events.find((event) => event.type === 'ExecutionSucceeded');
    expect(JSON.stringify(outcome)).toContain('escalated');
    await expect(machine.sendTaskSuccess(String(tokens[0]), {})).rejects.toBeInstanceOf(TaskNotWaitingError);
  });

  it('fails with the error sent for its token', async () => {
    const { tokens, handler } = paging();
    const { machine } = run(callback, { Page: handler });
    await machine.start('refused', { who: 'c-1', escalationSeconds: 600 });
    const [token] = await eventually(() => (tokens.length > 0 ? tokens : undefined));
    await machine.sendTaskFailure(String(token), 'ActivationClosed', 'closed');
    const execution = await ended(machine, 'refused');
    expect(execution?.status).toBe('FAILED');
    expect(execution?.error).toMatch(/ActivationClosed/);
  });
});
