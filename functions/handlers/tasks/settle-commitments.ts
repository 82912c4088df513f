/** Task SettleCommitments — after the first hour's branches: final verdicts, and the activation settled. */
import type { Ports } from '#domain/ports';
import { ActivationTaskInput, defineTask, lambdaTask } from '#shared/task';
import { settleCommitments } from '#use-cases/settle-commitments';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createSettleCommitmentsTask = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>) =>
  defineTask('SettleCommitments', ActivationTaskInput, (input) => settleCommitments(input, deps()));

export const handler = lambdaTask(
  createSettleCommitmentsTask(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clock: systemClock,
  })),
);
