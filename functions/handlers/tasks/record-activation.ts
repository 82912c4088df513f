/** Task RecordActivation — appends `cod.activated` at T0. */
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { recordActivation } from '#use-cases/record-activation';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler('RecordActivation', ActivationTaskInput, (input) =>
  recordActivation(input, { store: awsRoot.store(), timeline: awsRoot.timeline(), clock: systemClock }),
);
