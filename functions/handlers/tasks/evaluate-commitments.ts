/** Task EvaluateCommitments — at T0 + 60 min, records the verdicts and emits `CommitmentMissed`. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { METRIC_NAMES } from '#shared/contract';
import { metrics } from '#shared/powertools';
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler('EvaluateCommitments', ActivationTaskInput, async (input) => {
  const result = await evaluateCommitments(input, {
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clock: systemClock,
  });
  // The alarm on missed commitments watches this metric.
  metrics.addMetric(METRIC_NAMES.commitmentMissed, MetricUnit.Count, result.missed);
  return result;
}).use(logMetrics(metrics));
