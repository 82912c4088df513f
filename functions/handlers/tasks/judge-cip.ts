/** Task JudgeCip — M7-4's due time: records the verdicts again when the CIP's changed (missed, unanswered). */
import type { Ports } from '#domain/ports';
import { ActivationTaskInput, defineTask, lambdaTask } from '#shared/task';
import { judgeCip } from '#use-cases/judge-cip';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createJudgeCipTask = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>) =>
  defineTask('JudgeCip', ActivationTaskInput, (input) => judgeCip(input, deps()));

export const handler = lambdaTask(
  createJudgeCipTask(() => ({ store: awsRoot.store(), timeline: awsRoot.timeline(), clock: systemClock })),
);
