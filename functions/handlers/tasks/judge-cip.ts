/** Task JudgeCip — M7-4's due time: records the verdicts again when the CIP's changed (missed, unanswered). */
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { judgeCip } from '#use-cases/judge-cip';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler('JudgeCip', ActivationTaskInput, (input) =>
  judgeCip(input, { store: awsRoot.store(), timeline: awsRoot.timeline(), clock: systemClock }),
);
