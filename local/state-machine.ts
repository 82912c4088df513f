/**
 * The local Step Functions: aws-local-stepfunctions runs the same ASL file as AWS. Every Task state is mapped
 * to a local handler by the one table given to it, checked at start (a Task without a handler would be sent
 * to real AWS Lambda). Waits are timed on each activation's own clock. Nothing is persisted by the library:
 * the runtime re-arms in-flight activations at start, and every task is idempotent, so a replay is safe.
 */
import './polyfills.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock, WorkflowEngine } from '#domain/ports';
import { realMsUntil } from './clock.ts';

export const MODULE7_ASL = fileURLToPath(new URL('../workflows/module7.asl.json', import.meta.url));

type Json = Parameters<StateMachine['run']>[0];
type EventLog = Awaited<ReturnType<ReturnType<StateMachine['run']>['eventLogs']['next']>>['value'];
export type TaskHandler = (input: Json) => Promise<Json>;

interface StateDefinition {
  Type: string;
  Resource?: string;
  Branches?: { States: Record<string, StateDefinition> }[];
  ItemProcessor?: { States: Record<string, StateDefinition> };
  Iterator?: { States: Record<string, StateDefinition> };
  TimestampPath?: string;
}

/** Every state of a definition, nested ones included, by name. */
export const statesOf = (states: Record<string, StateDefinition>): [string, StateDefinition][] =>
  Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, StateDefinition],
    ...(state.Branches ?? []).flatMap((branch) => statesOf(branch.States)),
    ...(state.ItemProcessor ? statesOf(state.ItemProcessor.States) : []),
    ...(state.Iterator ? statesOf(state.Iterator.States) : []),
  ]);

/** Replaces every `${Name}` placeholder by a local ARN, as CDK's definitionSubstitutions does on AWS. */
const substitute = (text: string) =>
  text.replace(
    /\$\{(\w+)\}/g,
    (_match, name: string) => `arn:aws:lambda:eu-west-3:000000000000:function:local-${name}`,
  );

export interface ExecutionRecord {
  name: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  error?: string;
  events: EventLog[];
}

export interface LocalStateMachineOptions {
  aslPath?: string;
  /** The tasks of one execution, bound to that execution's clock. */
  tasks: (clock: Clock) => Record<string, TaskHandler>;
  /** The clock of the activation an execution input belongs to. */
  clockOf: (input: Record<string, unknown>) => Clock;
  speed: number;
  /** Milliseconds between retries, by state name (tests set 0); otherwise the ASL's own intervals. */
  retryIntervalOverrides?: Record<string, number>;
  onFailure?: (execution: ExecutionRecord) => void;
}

export const localStateMachine = (options: LocalStateMachineOptions) => {
  const definition = JSON.parse(substitute(readFileSync(options.aslPath ?? MODULE7_ASL, 'utf8')));
  const states = statesOf(definition.States);
  const taskNames = states.filter(([, state]) => state.Type === 'Task').map(([name]) => name);
  const declared = Object.keys(options.tasks({ now: () => new Date() }));
  const missing = taskNames.filter((name) => !declared.includes(name));
  const unused = declared.filter((name) => !taskNames.includes(name));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `The local task table does not match the state machine: missing ${missing.join(', ') || 'none'}; unknown ${unused.join(', ') || 'none'}`,
    );
  }
  const waits = states.filter(([, state]) => state.Type === 'Wait');
  const machine = new StateMachine(definition);
  const executions = new Map<string, ExecutionRecord>();
  const running = new Map<string, { abort: () => void; done: Promise<void> }>();
  let closed = false;

  const start: WorkflowEngine['start'] = async (name, input) => {
    // As on AWS, a name already used starts nothing new (Step Functions keeps names for 90 days).
    if (closed || executions.has(name)) return;
    const clock = options.clockOf(input);
    // Each Wait's duration is read when the state is entered, so it is computed then, on the activation's clock.
    const waitTimeOverrides = Object.defineProperties(
      {},
      Object.fromEntries(
        waits.map(([stateName, state]) => [
          stateName,
          {
            enumerable: true,
            get: () => {
              const target = state.TimestampPath
                ? input[state.TimestampPath.replace(/^\$\./, '')]
                : undefined;
              return typeof target === 'string' ? realMsUntil(target, clock, options.speed) : 0;
            },
          },
        ]),
      ),
    ) as Record<string, number>;
    const tasks = Object.fromEntries(
      Object.entries(options.tasks(clock)).map(([stateName, handler]) => [
        stateName,
        // After an abort the library still calls queued Map iterations: refuse them.
        (taskInput: Json) =>
          closed ? Promise.reject(new Error('Local runtime closed')) : handler(taskInput),
      ]),
    );
    const record: ExecutionRecord = { name, status: 'RUNNING', events: [] };
    executions.set(name, record);
    const execution = machine.run(input as Json, {
      overrides: {
        taskResourceLocalHandlers: tasks,
        waitTimeOverrides,
        ...(options.retryIntervalOverrides ? { retryIntervalOverrides: options.retryIntervalOverrides } : {}),
      },
      noThrowOnAbort: true,
      context: { Execution: { Id: `local:${name}`, Name: name } },
    });
    const history = (async () => {
      for await (const event of execution.eventLogs) record.events.push(event);
    })();
    const done = execution.result.then(
      () => {
        record.status = closed ? 'ABORTED' : 'SUCCEEDED';
      },
      (error: unknown) => {
        record.status = 'FAILED';
        record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        options.onFailure?.(record);
      },
    );
    running.set(name, {
      abort: execution.abort,
      done: Promise.all([done, history.catch(() => {})]).then(() => {
        running.delete(name);
      }),
    });
  };

  return {
    start,
    execution: (name: string) => executions.get(name),
    /** Resolves when the execution has ended (at once if it is not running). */
    settled: async (name: string) => running.get(name)?.done,
    async close() {
      closed = true;
      const all = [...running.values()];
      for (const execution of all) execution.abort();
      await Promise.all(all.map((execution) => execution.done));
    },
  };
};

export type LocalStateMachine = ReturnType<typeof localStateMachine>;
