/** Task CheckInforming — at T0 + 45 min, alerts the cabinet if an audience is not yet informed. */
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { checkInforming } from '#use-cases/check-informing';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler(ActivationTaskInput, (input) =>
  checkInforming(input, {
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    directory: awsRoot.directory(),
    ledger: awsRoot.ledger(),
    messenger: awsRoot.messenger(),
    clock: systemClock,
  }),
);
