/**
 * Task RecordDispatchFailure — the Catch of DispatchAudience: the audience could not be informed. Records it on
 * the timeline and emits `DispatchFailed`, which the on-call alarm watches.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Ports } from '#domain/ports';
import { METRIC_NAMES } from '#shared/contract';
import { metrics } from '#shared/powertools';
import { DispatchFailureInput, defineTask, lambdaTask } from '#shared/task';
import { recordDispatchFailure } from '#use-cases/record-dispatch-failure';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createRecordDispatchFailureTask = (deps: () => Pick<Ports, 'timeline' | 'clock'>) =>
  defineTask('RecordDispatchFailure', DispatchFailureInput, (input) => recordDispatchFailure(input, deps()));

export const handler = lambdaTask(
  createRecordDispatchFailureTask(() => ({ timeline: awsRoot.timeline(), clock: systemClock })),
  {
    // Counted before the write, and flushed even if it throws: a store that refuses the record must not also
    // silence the alarm. A retried Task counts again; the alarm fires at one.
    before: (input) => {
      metrics.addMetric(METRIC_NAMES.dispatchFailed, MetricUnit.Count, 1);
      metrics.addMetadata('activationId', input.activationId);
      metrics.addMetadata('audience', input.audience);
    },
  },
).use(logMetrics(metrics));
