/** Task PlanDispatch — the batches an audience is sent in (M7-2), by reference; the Map states run them. */
import { DEFAULT_SMS_PARTS_PER_SECOND, MAX_DISPATCH_BATCH_SIZE } from '#domain/delivery';
import type { Ports } from '#domain/ports';
import { defineTask, lambdaTask, PlanTaskInput } from '#shared/task';
import { type PlanSettings, planDispatch } from '#use-cases/plan-dispatch';
import { awsRoot } from '../aws-root.ts';

export const createPlanDispatchTask = (
  deps: () => Pick<Ports, 'store' | 'directory'>,
  settings: () => PlanSettings,
) => defineTask('PlanDispatch', PlanTaskInput, (input) => planDispatch(input, deps(), settings()));

export const handler = lambdaTask(
  createPlanDispatchTask(
    () => ({ store: awsRoot.store(), directory: awsRoot.directory() }),
    // The CDK app sets both: the account's whole rate, which the plan shares among the audiences, and the size.
    () => ({
      partsPerSecond: awsRoot.config().smsPartsPerSecond ?? DEFAULT_SMS_PARTS_PER_SECOND,
      maxBatchSize: awsRoot.config().dispatchBatchSize ?? MAX_DISPATCH_BATCH_SIZE,
    }),
  ),
);
