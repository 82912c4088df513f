/**
 * Task AnnounceCrisisNumber — the CIP is operational: publishes the numéro unique to the public line (a
 * follow-up message, whose insert starts the execution that sends it).
 */
import { ActivationTaskInput, taskHandler } from '#shared/task';
import { announceCrisisNumber } from '#use-cases/announce-crisis-number';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler('AnnounceCrisisNumber', ActivationTaskInput, (input) =>
  announceCrisisNumber(input, { store: awsRoot.store(), timeline: awsRoot.timeline(), clock: systemClock }),
);
