/** Rules the ASL file must keep for both runtimes; behaviour itself is tested by the scenarios. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODULE7_ASL, statesOf } from '#local/state-machine';

const text = readFileSync(MODULE7_ASL, 'utf8');
const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const definition = JSON.parse(text);
const states = statesOf(definition.States);

interface BatchMap {
  ItemsPath: string;
  ItemSelector: Record<string, string>;
  MaxConcurrency: number;
  Catch?: unknown[];
  ItemProcessor: {
    ProcessorConfig: { Mode: string };
    StartAt: string;
    States: Record<string, unknown>;
  };
}
/** The Map states over an audience's batches, which catch for the batch task they run. */
const batchMaps = states.filter(
  ([, state]) => state.Type === 'Map' && (state as unknown as BatchMap).ItemsPath === '$.plan.batches',
) as unknown as [string, BatchMap][];

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

  it('gives every Task a Retry and a Catch (its own, or its batch Map’s), and a timeout the local runner can honour', () => {
    const tasks = states.filter(([, state]) => state.Type === 'Task') as unknown as [
      string,
      Record<string, unknown>,
    ][];
    expect(tasks.length).toBeGreaterThan(0);
    const catchesAll = expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]);
    for (const [name, task] of tasks) {
      expect(task['Retry'], name).toEqual(expect.arrayContaining([expect.anything()]));
      const batchMap = batchMaps.find(([, map]) => map.ItemProcessor.StartAt === name)?.[1];
      expect(batchMap?.Catch ?? task['Catch'], name).toEqual(catchesAll);
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
    const firstRetry = (name: string) =>
      (states.find(([state]) => state === name)?.[1] as unknown as { Retry?: unknown[] } | undefined)
        ?.Retry?.[0];
    const never = (...errors: string[]) => ({ ErrorEquals: errors, MaxAttempts: 0 });
    for (const plan of ['PlanAudience', 'PlanMessage']) {
      expect(firstRetry(plan), plan).toEqual(never('NoRecipientsError', 'WorkflowInputError'));
    }
    for (const batch of batchMaps.map(([, map]) => map.ItemProcessor.StartAt)) {
      expect(firstRetry(batch), batch).toEqual(never('WorkflowInputError'));
    }
    for (const complete of ['CompleteAudience', 'CompleteMessage']) {
      expect(firstRetry(complete), complete).toEqual(
        never('NoRecipientsError', 'AudienceNotReachedError', 'WorkflowInputError'),
      );
    }
  });

  it('sends each audience in batches by reference, one at a time, in a Distributed Map above 50 batches', () => {
    // Two ways through each audience (the first message's, a follow-up's), each inline and at scale.
    expect(batchMaps.map(([name]) => name).sort()).toEqual([
      'DispatchBatches',
      'DispatchBatchesAtScale',
      'SendMessageBatches',
      'SendMessageBatchesAtScale',
    ]);
    for (const [name, map] of batchMaps) {
      // References only: the plan's ranges of ids, never the recipients.
      expect(map.ItemsPath, name).toBe('$.plan.batches');
      expect(map.ItemSelector['batch.$'], name).toBe('$$.Map.Item.Value');
      // One batch at a time: each function sends at its share of the rate (AUDIENCES_AT_ONCE audiences).
      expect(map.MaxConcurrency, name).toBe(1);
      expect(map.ItemProcessor.ProcessorConfig.Mode, name).toBe(
        name.endsWith('AtScale') ? 'DISTRIBUTED' : 'INLINE',
      );
    }
    // Inline or at scale, a batch is the same task: only its name differs.
    const batchTask = (mapName: string) => {
      const map = batchMaps.find(([name]) => name === mapName)?.[1];
      return map?.ItemProcessor.States[map.ItemProcessor.StartAt];
    };
    expect(batchTask('DispatchBatchesAtScale')).toEqual(batchTask('DispatchBatches'));
    expect(batchTask('SendMessageBatchesAtScale')).toEqual(batchTask('SendMessageBatches'));
    for (const choice of ['HowManyAudienceBatches', 'HowManyMessageBatches']) {
      const state = states.find(([name]) => name === choice)?.[1] as unknown as {
        Choices: { Variable: string; NumericGreaterThan: number; Next: string }[];
        Default: string;
      };
      expect(state.Choices, choice).toEqual([
        expect.objectContaining({ Variable: '$.plan.batchCount', NumericGreaterThan: 50 }),
      ]);
      expect(state.Choices[0]?.Next.endsWith('AtScale'), choice).toBe(true);
      expect(state.Default.endsWith('AtScale'), choice).toBe(false);
    }
  });
});
