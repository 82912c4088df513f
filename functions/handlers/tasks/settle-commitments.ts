/** Task SettleCommitments — after the first hour's branches: final verdicts, and the activation settled. */
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { settleCommitments } from '#use-cases/settle-commitments';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler('SettleCommitments', ActivationTaskInput, (input) =>
  settleCommitments(input, { store: awsRoot.store(), timeline: awsRoot.timeline(), clock: systemClock }),
);
