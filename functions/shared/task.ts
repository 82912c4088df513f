/**
 * The workflow's tasks: each is defined once (`defineTask`: its name, the reader of its input, its body) by a
 * `createXTask(deps)` factory in `handlers/tasks/`, which the Lambda function of that file (`lambdaTask`) and
 * the local runner both run. The inputs are a few strings the state machine passes, read here without zod: it
 * cost every task function ~17 kB.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { AUDIENCES, type Audience } from '#domain/activation';
import type { BatchRef } from '#domain/delivery';
import { WorkflowInputError } from '#domain/errors';
import { CELLS, type Cell } from '#domain/rosters';
import { logger } from './powertools.ts';

/** Reads the value at `path` of a task input; a value that does not fit adds `path` to `failed`. */
export type TaskInputReader<T> = (value: unknown, path: string, failed: string[]) => T;

const fitting =
  <T>(fits: (value: unknown) => boolean): TaskInputReader<T> =>
  (value, path, failed) => {
    if (!fits(value)) failed.push(path);
    return value as T;
  };

const optional =
  <T>(read: TaskInputReader<T>): TaskInputReader<T | undefined> =>
  (value, path, failed) =>
    value === undefined ? undefined : read(value, path, failed);

/** An object with these fields, and only them (the others are dropped). */
const object =
  <T extends object>(fields: { [K in keyof Required<T>]: TaskInputReader<T[K]> }): TaskInputReader<T> =>
  (value, path, failed) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      failed.push(path);
      return value as T;
    }
    const read: Record<string, unknown> = {};
    for (const [key, field] of Object.entries<TaskInputReader<unknown>>(fields)) {
      const fieldValue = field(
        (value as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
        failed,
      );
      if (fieldValue !== undefined) read[key] = fieldValue;
    }
    return read as T;
  };

const activationId = fitting<string>((value) => typeof value === 'string' && value.length > 0);
const audience = fitting<Audience>((value) => (AUDIENCES as readonly unknown[]).includes(value));
const text = fitting<string>((value) => typeof value === 'string');
const cell = fitting<Cell>((value) => (CELLS as readonly unknown[]).includes(value));
const count = fitting<number>((value) => Number.isInteger(value) && (value as number) >= 0);
const seconds = fitting<number>((value) => Number.isInteger(value) && (value as number) >= 1);
const total = fitting<number>((value) => Number.isInteger(value) && (value as number) >= 1);
const rate = fitting<number>((value) => typeof value === 'number' && value > 0 && value <= 1_000);
const audiences = fitting<Audience[]>(
  (value) =>
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => (AUDIENCES as readonly unknown[]).includes(item)),
);
const token = fitting<string>((value) => typeof value === 'string' && value.length > 0);
const messageId = fitting<string>(
  (value) => typeof value === 'string' && /^msg-[a-z0-9-]{1,40}$/.test(value),
);

export const ActivationTaskInput = object<{ activationId: string }>({ activationId });
export const AudienceTaskInput = object<{ activationId: string; audience: Audience; messageId?: string }>({
  activationId,
  audience,
  messageId: optional(messageId),
});
/** An audience to plan, among those sent at once. */
export const PlanTaskInput = object<{
  activationId: string;
  audience: Audience;
  messageId?: string;
  audiences?: Audience[];
}>({ activationId, audience, messageId: optional(messageId), audiences: optional(audiences) });

/** A batch of the audience (`PlanDispatch`'s reference), or the whole audience when absent. */
export const BatchTaskInput = object<{
  activationId: string;
  audience: Audience;
  messageId?: string;
  batch?: BatchRef;
}>({
  activationId,
  audience,
  messageId: optional(messageId),
  batch: optional(
    object<BatchRef>({
      index: count,
      of: total,
      from: optional(token),
      until: optional(token),
      partsPerSecond: optional(rate),
    }),
  ),
});
export const DispatchFailureInput = object<{
  activationId: string;
  audience: Audience;
  messageId?: string;
  error: { Error?: string; Cause?: string };
}>({
  activationId,
  audience,
  messageId: optional(messageId),
  error: object<{ Error?: string; Cause?: string }>({ Error: optional(text), Cause: optional(text) }),
});

export const CellTaskInput = object<{ activationId: string; cell: Cell }>({ activationId, cell });
export const PageCellTaskInput = object<{
  activationId: string;
  cell: Cell;
  step: number;
  escalationSeconds: number;
  taskToken: string;
}>({ activationId, cell, step: count, escalationSeconds: seconds, taskToken: token });

/** Reads a task's input. @throws WorkflowInputError naming the failing fields. */
export const parseTaskInput = <T>(reader: TaskInputReader<T>, input: unknown): T => {
  const failed: string[] = [];
  const value = reader(input, '', failed);
  if (failed.length > 0) throw new WorkflowInputError(`Invalid task input: ${failed.join(', ')}`);
  return value;
};

/** A task of the workflow: its name, how it reads a state's input, and what it does with what it read. */
export interface Task<T, R> {
  /** The name its log lines carry. */
  readonly name: string;
  /** Reads a state's input. @throws WorkflowInputError naming the failing fields. */
  read(input: unknown): T;
  /** The task's work, on a read input. */
  perform(input: T): Promise<R>;
  /** Reads the input, then performs: what runs the task for a state. @throws WorkflowInputError */
  run(input: unknown): Promise<R>;
}

/** The task `name`: its input read by `reader` (a mismatch is a `WorkflowInputError`), then `perform`. */
export const defineTask = <T, R>(
  name: string,
  reader: TaskInputReader<T>,
  perform: (input: T) => Promise<R>,
): Task<T, R> => ({
  name,
  read: (input) => parseTaskInput(reader, input),
  perform,
  run: async (input) => perform(parseTaskInput(reader, input)),
});

/** What a Lambda function does around its task beyond the task itself: its metrics. */
export interface LambdaTaskHooks<T, R> {
  /** Runs once the input is read, before the task: whatever the task then does, this was done. */
  before?: (input: T) => void;
  /** Runs with the task's result, when it succeeds. */
  after?: (result: R) => void;
}

/**
 * The Lambda function of a task: Powertools context, the input read, the task's name and activation id
 * appended to every log line of the invocation, then the task. The task's ports are built by its factory's
 * `deps` on each run, after the input is read, so that importing the handler's module builds nothing. A
 * function that emits metrics passes `hooks` and adds `logMetrics` itself, so that only it bundles the metrics
 * code.
 */
export const lambdaTask = <T, R>(task: Task<T, R>, hooks: LambdaTaskHooks<T, R> = {}) =>
  middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event) => {
      const input = task.read(event);
      const { activationId } = input as { activationId?: unknown };
      logger.appendKeys({ task: task.name, ...(typeof activationId === 'string' ? { activationId } : {}) });
      hooks.before?.(input);
      const result = await task.perform(input);
      hooks.after?.(result);
      return result;
    });
