/** Task RecordActivation — appends `cod.activated` at T0. */
import type { Ports } from '#domain/ports';
import { ActivationTaskInput, defineTask, lambdaTask } from '#shared/task';
import { recordActivation } from '#use-cases/record-activation';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createRecordActivationTask = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>) =>
  defineTask('RecordActivation', ActivationTaskInput, (input) => recordActivation(input, deps()));

export const handler = lambdaTask(
  createRecordActivationTask(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clock: systemClock,
  })),
);
