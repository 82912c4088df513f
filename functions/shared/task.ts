/**
 * The edge of the workflow's task functions: Powertools context and metrics, the input parsed with the
 * task's schema (a mismatch is a `WorkflowInputError` the state machine does not retry), then the body.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { AUDIENCES } from '#domain/activation';
import { WorkflowInputError } from '#domain/errors';
import { logger, metrics, tracer } from './powertools.ts';

export const ActivationTaskInput = z.object({ activationId: z.string().min(1) });
export const AudienceTaskInput = ActivationTaskInput.extend({ audience: z.enum(AUDIENCES) });
export const DispatchFailureInput = AudienceTaskInput.extend({
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }),
});

/** Parses a task's input. @throws WorkflowInputError naming the failing fields. */
export const parseTaskInput = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new WorkflowInputError(
      `Invalid task input: ${result.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
      { cause: result.error },
    );
  }
  return result.data;
};

export const taskHandler = <S extends z.ZodType, R>(schema: S, run: (input: z.output<S>) => Promise<R>) =>
  middy<unknown, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics))
    .handler((event) => run(parseTaskInput(schema, event)));
