/** Task PlanDispatch — the batches an audience is sent in (M7-2), by reference; the Map states run them. */
import { DEFAULT_SMS_PARTS_PER_SECOND, largestBatchSize } from '#domain/delivery';
import type { Ports } from '#domain/ports';
import { AudienceTaskInput, defineTask, lambdaTask } from '#shared/task';
import { planDispatch } from '#use-cases/plan-dispatch';
import { awsRoot } from '../aws-root.ts';

export const createPlanDispatchTask = (
  deps: () => Pick<Ports, 'store' | 'directory'>,
  settings: () => { batchSize: number },
) => defineTask('PlanDispatch', AudienceTaskInput, (input) => planDispatch(input, deps(), settings()));

export const handler = lambdaTask(
  createPlanDispatchTask(
    () => ({ store: awsRoot.store(), directory: awsRoot.directory() }),
    // The CDK app always sets the size; the default is the one it would set for the default rate.
    () => ({
      batchSize: awsRoot.config().dispatchBatchSize ?? largestBatchSize(DEFAULT_SMS_PARTS_PER_SECOND),
    }),
  ),
);
