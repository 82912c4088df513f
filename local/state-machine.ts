/**
 * The local Step Functions: aws-local-stepfunctions runs the same ASL file as AWS. Every Task state is mapped
 * to a local handler by the one table given to it, checked at start (a Task without a handler would be sent
 * to real AWS Lambda). Nothing is persisted by the library: the runtime re-arms unsettled activations at
 * start, and every task is idempotent, so a replay is safe.
 *
 * Waits run on each activation's own clock, which the library cannot do (it sleeps on the real clock): every
 * Wait state is given no duration, and the Task it leads to first waits until the activation's clock reaches
 * the Wait's timestamp. So an accelerated demo and a test's manual clock take the same path, and a test never
 * races the machine's speed. Each Wait must therefore read a timestamp of the execution input and lead to a
 * Task: checked at start.
 */
import './polyfills.ts';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import { WorkInterruptedError } from '#domain/errors';
import type { WaitableClock } from './clock.ts';

export const MODULE7_ASL = fileURLToPath(new URL('../workflows/module7.asl.json', import.meta.url));

type Json = Parameters<StateMachine['run']>[0];
type EventLog = Awaited<ReturnType<ReturnType<StateMachine['run']>['eventLogs']['next']>>['value'];
export type TaskHandler = (input: Json) => Promise<Json>;

interface StateDefinition {
  Type: string;
  Resource?: string;
  Next?: string;
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

/** The tasks of one execution, bound to its activation's clock and to the runtime's shutdown signal. */
export type TaskTable = (clock: WaitableClock, signal: AbortSignal) => Record<string, TaskHandler>;

export interface LocalStateMachineOptions {
  aslPath?: string;
  tasks: TaskTable;
  /** The clock of the activation an execution input belongs to. */
  clockOf: (input: Record<string, unknown>) => WaitableClock;
  /** Milliseconds between retries, by state name (tests set 0); otherwise the ASL's own intervals. */
  retryIntervalOverrides?: Record<string, number>;
  onFailure?: (execution: ExecutionRecord) => void;
  /** How many ended executions stay readable through `execution(name)`. @default 200 */
  keepEnded?: number;
}

/** The Task each Wait leads to, and the execution input field holding the Wait's instant. */
const waitGates = (states: [string, StateDefinition][]) => {
  const byName = new Map(states);
  return new Map(
    states
      .filter(([, state]) => state.Type === 'Wait')
      .map(([name, state]) => {
        const field = /^\$\.(\w+)$/.exec(state.TimestampPath ?? '')?.[1];
        const next = state.Next ? byName.get(state.Next) : undefined;
        if (!field || next?.Type !== 'Task' || !state.Next) {
          throw new Error(`Wait ${name} must read a top-level TimestampPath ($.field) and lead to a Task`);
        }
        return [state.Next, field] as const;
      }),
  );
};

export const localStateMachine = (options: LocalStateMachineOptions) => {
  const definition = JSON.parse(substitute(readFileSync(options.aslPath ?? MODULE7_ASL, 'utf8')));
  const states = statesOf(definition.States);
  const taskNames = states.filter(([, state]) => state.Type === 'Task').map(([name]) => name);
  const shutdown = new AbortController();
  // Every parked Wait of every execution listens to it: tens at once is expected, not a leak.
  setMaxListeners(0, shutdown.signal);
  const declared = Object.keys(
    options.tasks({ now: () => new Date(), until: async () => {} }, shutdown.signal),
  );
  const missing = taskNames.filter((name) => !declared.includes(name));
  const unused = declared.filter((name) => !taskNames.includes(name));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `The local task table does not match the state machine: missing ${missing.join(', ') || 'none'}; unknown ${unused.join(', ') || 'none'}`,
    );
  }
  const gates = waitGates(states);
  const noWait = Object.fromEntries(
    states.filter(([, state]) => state.Type === 'Wait').map(([name]) => [name, 0]),
  );
  const machine = new StateMachine(definition);
  const names = new Set<string>();
  const executions = new Map<string, ExecutionRecord>();
  const running = new Map<string, { abort: () => void; done: Promise<void> }>();
  const inFlight = new Set<Promise<unknown>>();
  const keepEnded = options.keepEnded ?? 200;

  const forget = () => {
    for (const [name, record] of executions) {
      if (executions.size - running.size <= keepEnded) return;
      if (record.status !== 'RUNNING') executions.delete(name);
    }
  };

  const start = async (name: string, input: Record<string, unknown>) => {
    // As on AWS, a name already used starts nothing new (Step Functions keeps names for 90 days).
    if (shutdown.signal.aborted || names.has(name)) return;
    names.add(name);
    const clock = options.clockOf(input);
    const tasks = Object.fromEntries(
      Object.entries(options.tasks(clock, shutdown.signal)).map(([stateName, handler]) => {
        const gate = gates.get(stateName);
        const run = async (taskInput: Json) => {
          // After an abort the library still calls queued Map iterations: refuse them.
          if (shutdown.signal.aborted) throw new WorkInterruptedError('The local runtime is shutting down');
          if (gate) await clock.until(String(input[gate]), shutdown.signal);
          return handler(taskInput);
        };
        return [
          stateName,
          (taskInput: Json) => {
            const work = run(taskInput);
            inFlight.add(work);
            const forgetWork = () => inFlight.delete(work);
            work.then(forgetWork, forgetWork);
            return work;
          },
        ];
      }),
    );
    const record: ExecutionRecord = { name, status: 'RUNNING', events: [] };
    executions.set(name, record);
    const execution = machine.run(input as Json, {
      overrides: {
        taskResourceLocalHandlers: tasks,
        waitTimeOverrides: noWait,
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
        record.status = shutdown.signal.aborted ? 'ABORTED' : 'SUCCEEDED';
      },
      (error: unknown) => {
        record.status = 'FAILED';
        // The library wraps the failing state's error (a Fail state's Error and Cause) in an ExecutionError.
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
        record.error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
        options.onFailure?.(record);
      },
    );
    running.set(name, {
      abort: execution.abort,
      done: Promise.all([done, history.catch(() => {})]).then(() => {
        running.delete(name);
        forget();
      }),
    });
  };

  return {
    start,
    execution: (name: string) => executions.get(name),
    /** Resolves when the execution has ended (at once if it is not running). */
    settled: async (name: string) => running.get(name)?.done,
    /**
     * Stops in order: no new execution or task starts and every execution is aborted, then the tasks in flight
     * finish what they have claimed (a dispatch claims no new message once the signal is aborted), so that
     * nothing touches the store after this resolves.
     */
    async close() {
      shutdown.abort();
      const all = [...running.values()];
      for (const execution of all) execution.abort();
      await Promise.allSettled([...inFlight]);
      await Promise.all(all.map((execution) => execution.done));
    },
  };
};

export type LocalStateMachine = ReturnType<typeof localStateMachine>;
