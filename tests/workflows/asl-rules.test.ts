/** Rules the ASL file must keep for both runtimes; behaviour itself is tested by the scenarios. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULE7_ASL, statesOf } from '#local/state-machine';

const text = readFileSync(MODULE7_ASL, 'utf8');
const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const definition = JSON.parse(text);
const states = statesOf(definition.States);

describe('workflows/module7.asl.json', () => {
  it('uses JSONPath only: the local runner silently ignores JSONata and Assign', () => {
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(
      states.filter(
        ([, state]) =>
          'QueryLanguage' in state || 'Assign' in state || 'Arguments' in state || 'Output' in state,
      ),
    ).toEqual([]);
  });

  it('gives every Task a Retry and a Catch, and a timeout the local runner can honour', () => {
    const tasks = states.filter(([, state]) => state.Type === 'Task') as unknown as [
      string,
      Record<string, unknown>,
    ][];
    expect(tasks.length).toBeGreaterThan(0);
    for (const [name, task] of tasks) {
      expect(task['Retry'], name).toEqual(expect.arrayContaining([expect.anything()]));
      expect(task['Catch'], name).toEqual(
        expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]),
      );
      if (task['Resource'] === CALLBACK) {
        // A callback task waits for its escalation delay, which the execution input gives.
        expect(task['TimeoutSecondsPath'], name).toBe('$.escalationSeconds');
      } else {
        expect(task['TimeoutSeconds'], name).toBeLessThan(2_147_483);
      }
    }
  });

  it('points every Task at a function placeholder that CDK substitutes', () => {
    for (const [name, state] of states.filter(([, s]) => s.Type === 'Task')) {
      const task = state as unknown as { Resource: string; Parameters?: { FunctionName?: string } };
      const functionName = task.Resource === CALLBACK ? task.Parameters?.FunctionName : task.Resource;
      expect(functionName, name).toMatch(/^\$\{\w+FunctionArn\}$/);
    }
  });

  it('gives a callback task its token, and retries neither its timeout nor the end of its wait', () => {
    const callbacks = states.filter(([, state]) => state.Resource === CALLBACK) as unknown as [
      string,
      {
        Parameters: { Payload: Record<string, unknown> };
        Retry: { ErrorEquals: string[]; MaxAttempts: number }[];
      },
    ][];
    expect(callbacks.map(([name]) => name)).toEqual(['PageCommunicationCell', 'PageCip']);
    for (const [name, task] of callbacks) {
      expect(task.Parameters.Payload['taskToken.$'], name).toBe('$$.Task.Token');
      expect(task.Retry[0]?.ErrorEquals, name).toContain('States.Timeout');
      // The end of the alert answers the wait with this error: stood down, never paged again.
      expect(task.Retry[0]?.ErrorEquals, name).toContain('ActivationClosedError');
      expect(task.Retry[0]?.MaxAttempts, name).toBe(0);
    }
  });

  it('never retries the errors that a retry cannot mend', () => {
    const dispatch = states.find(([name]) => name === 'DispatchAudience')?.[1] as unknown as {
      Retry: { ErrorEquals: string[]; MaxAttempts: number }[];
    };
    expect(dispatch.Retry[0]).toEqual({
      ErrorEquals: ['NoRecipientsError', 'AudienceNotReachedError', 'WorkflowInputError'],
      MaxAttempts: 0,
    });
  });
});
