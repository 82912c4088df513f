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
 * Task: checked at start. A Task's own `TimeoutSeconds` is counted here, on the real clock, from the end of
 * that wait (the library would count it from the Task's start, and time out a gated Task 30 s into a wait of
 * 45 minutes).
 *
 * Callback tasks (`arn:aws:states:::lambda:invoke.waitForTaskToken`) run their handler with the `Payload`
 * and a token of this runner's, then wait for `sendTaskSuccess` or `sendTaskFailure` with that token. The
 * handler answers when the wait times out (`{ timeoutAt }`, an instant on the activation's clock, which
 * survives a restart because the handler derives it from what it stored): the task then fails with
 * `States.Timeout`, as it does on AWS after its `TimeoutSecondsPath`.
 */
import './polyfills.ts';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StateMachine } from 'aws-local-stepfunctions';
import { TaskNotWaitingError, WorkInterruptedError } from '#domain/errors';
import type { WaitableClock } from './clock.ts';
import { observeTasks, type RuntimeObserver } from './observe.ts';

export const MODULE7_ASL = fileURLToPath(new URL('../workflows/module7.asl.json', import.meta.url));

type Json = Parameters<StateMachine['run']>[0];
type EventLog = Awaited<ReturnType<ReturnType<StateMachine['run']>['eventLogs']['next']>>['value'];
export type TaskHandler = (input: Json) => Promise<Json>;

interface StateDefinition {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
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

/** The library's timeout of a Task without `TimeoutSeconds`, as on AWS for a Lambda task (60 s). */
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;

/** The Resource of a callback task: the state machine waits for the task token after invoking the function. */
const isCallback = (state: StateDefinition) => state.Resource?.endsWith('.waitForTaskToken') === true;

/** What `$$.Task.Token` reads in the library's context: replaced by each callback task's own token. */
const TOKEN_PLACEHOLDER = 'local-task-token';

class StatesTimeoutError extends Error {
  override name = 'States.Timeout';
}

/** Rejects with States.Timeout after `seconds` of real time, unless `done` settles first. */
const withTimeout = async <T>(work: Promise<T>, seconds: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StatesTimeoutError(`Task timed out after ${seconds} s`)),
      seconds * 1_000,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

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
  /** The benchmarks' instrumentation: each Task handler's duration (`local/observe.ts`). */
  observeTask?: RuntimeObserver['task'];
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
  // Each Task's timeout is counted by this runner (see above): the library is given the execution's.
  const timeouts = new Map<string, number>();
  const callbacks = new Set<string>();
  for (const [name, state] of states.filter(([, state]) => state.Type === 'Task')) {
    timeouts.set(name, state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS);
    if (isCallback(state)) callbacks.add(name);
    state.TimeoutSeconds = definition.TimeoutSeconds ?? 86_400;
    delete state.TimeoutSecondsPath;
  }
  /** The callback tasks waiting, by token. */
  const waiting = new Map<string, { resolve: (output: Json) => void; reject: (error: Error) => void }>();
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
  const observedTasks = observeTasks(options.tasks, options.observeTask);
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
      Object.entries(observedTasks(clock, shutdown.signal)).map(([stateName, handler]) => {
        const gate = gates.get(stateName);
        const run = async (taskInput: Json) => {
          // After an abort the library still calls queued Map iterations: refuse them.
          if (shutdown.signal.aborted) throw new WorkInterruptedError('The local runtime is shutting down');
          if (gate) await clock.until(String(input[gate]), shutdown.signal);
          if (callbacks.has(stateName)) return callback(stateName, name, taskInput, handler, clock);
          return withTimeout(handler(taskInput), timeouts.get(stateName) ?? DEFAULT_TASK_TIMEOUT_SECONDS);
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
      context: { Execution: { Id: `local:${name}`, Name: name }, Task: { Token: TOKEN_PLACEHOLDER } },
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

  /**
   * Runs a callback task: its handler gets the `Payload` with a token of its own in place of `$$.Task.Token`,
   * then the task waits for that token's answer, or fails with States.Timeout when the activation's clock
   * reaches the `timeoutAt` the handler answered.
   */
  const callback = async (
    stateName: string,
    executionName: string,
    taskInput: Json,
    handler: TaskHandler,
    clock: WaitableClock,
  ): Promise<Json> => {
    const { Payload: payload } = taskInput as { Payload?: Record<string, unknown> };
    if (typeof payload !== 'object' || payload === null) {
      throw new Error(`The callback task ${stateName} must pass its input as Parameters.Payload`);
    }
    const token = `${executionName}/${stateName}/${randomUUID()}`;
    const answer = new Promise<Json>((resolve, reject) => waiting.set(token, { resolve, reject }));
    const stop = new AbortController();
    const onShutdown = () => stop.abort();
    shutdown.signal.addEventListener('abort', onShutdown, { once: true });
    try {
      const tokenField = Object.entries(payload).find(([, value]) => value === TOKEN_PLACEHOLDER)?.[0];
      const result = (await handler({
        ...payload,
        ...(tokenField ? { [tokenField]: token } : {}),
      } as Json)) as { timeoutAt?: unknown } | null;
      const timeoutAt = typeof result?.timeoutAt === 'string' ? result.timeoutAt : undefined;
      const timedOut = timeoutAt
        ? clock.until(timeoutAt, stop.signal).then(() => {
            throw new StatesTimeoutError(`No answer by ${timeoutAt}`);
          })
        : new Promise<never>(() => {});
      const interrupted = new Promise<never>((_, reject) => {
        const reason = () => reject(new WorkInterruptedError('The local runtime is shutting down'));
        // The runtime may have begun to shut down while the handler ran.
        if (stop.signal.aborted) reason();
        else stop.signal.addEventListener('abort', reason, { once: true });
      });
      return await Promise.race([answer, timedOut, interrupted]);
    } finally {
      waiting.delete(token);
      stop.abort();
      shutdown.signal.removeEventListener('abort', onShutdown);
    }
  };

  /** Answers a waiting callback task. @throws TaskNotWaitingError when no task waits for the token. */
  const answer = (token: string) => {
    const task = waiting.get(token);
    if (!task) throw new TaskNotWaitingError('No task waits for this token');
    waiting.delete(token);
    return task;
  };

  return {
    start,
    /** As Step Functions' SendTaskSuccess: the callback task waiting for the token goes on with `output`. */
    async sendTaskSuccess(token: string, output: Record<string, unknown>) {
      answer(token).resolve(output as Json);
    },
    /** As Step Functions' SendTaskFailure: the callback task fails with `error`, which its Catch may take. */
    async sendTaskFailure(token: string, error: string, cause: string) {
      answer(token).reject(Object.assign(new Error(cause), { name: error }));
    },
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
