/**
 * The edge of the workflow's task functions: Powertools context, the input parsed with the
 * task's schema (a mismatch is a `WorkflowInputError` the state machine does not retry), then the body.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { AUDIENCES } from '#domain/activation';
import { WorkflowInputError } from '#domain/errors';
import { logger } from './powertools.ts';

const activationId = z.string().check(z.minLength(1));
export const ActivationTaskInput = z.object({ activationId });
export const AudienceTaskInput = z.object({ activationId, audience: z.enum(AUDIENCES) });
export const DispatchFailureInput = z.object({
  activationId,
  audience: z.enum(AUDIENCES),
  error: z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) }),
});

/** Parses a task's input. @throws WorkflowInputError naming the failing fields. */
export const parseTaskInput = <S extends z.ZodMiniType>(schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new WorkflowInputError(
      `Invalid task input: ${result.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
      { cause: result.error },
    );
  }
  return result.data;
};

/**
 * Builds the function of the state machine's Task `task`: Powertools context, the input parsed, the task's
 * name and activation id appended to every log line of the invocation, then the body. A function that emits
 * metrics adds `logMetrics` itself, so that only it bundles the metrics code.
 */
export const taskHandler = <S extends z.ZodMiniType, R>(
  task: string,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
) =>
  middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler((event) => {
      const input = parseTaskInput(schema, event);
      const { activationId } = input as { activationId?: unknown };
      logger.appendKeys({ task, ...(typeof activationId === 'string' ? { activationId } : {}) });
      return run(input);
    });
