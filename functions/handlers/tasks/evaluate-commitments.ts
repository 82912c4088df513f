/** Task EvaluateCommitments — at T0 + 60 min, records the verdicts and emits `CommitmentMissed`. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Ports } from '#domain/ports';
import { METRIC_NAMES } from '#shared/contract';
import { metrics } from '#shared/powertools';
import { ActivationTaskInput, defineTask, lambdaTask } from '#shared/task';
import { evaluateCommitments } from '#use-cases/evaluate-commitments';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createEvaluateCommitmentsTask = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>) =>
  defineTask('EvaluateCommitments', ActivationTaskInput, (input) => evaluateCommitments(input, deps()));

export const handler = lambdaTask(
  createEvaluateCommitmentsTask(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clock: systemClock,
  })),
  {
    // The alarm on missed commitments watches this metric.
    after: (result) => metrics.addMetric(METRIC_NAMES.commitmentMissed, MetricUnit.Count, result.missed),
  },
).use(logMetrics(metrics));
