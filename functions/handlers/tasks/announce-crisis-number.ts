/**
 * Task AnnounceCrisisNumber — the CIP is operational: publishes the numéro unique to the public line (a
 * follow-up message, whose insert starts the execution that sends it).
 */
import type { Ports } from '#domain/ports';
import { ActivationTaskInput, defineTask, lambdaTask } from '#shared/task';
import { announceCrisisNumber } from '#use-cases/announce-crisis-number';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createAnnounceCrisisNumberTask = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clock'>) =>
  defineTask('AnnounceCrisisNumber', ActivationTaskInput, (input) => announceCrisisNumber(input, deps()));

export const handler = lambdaTask(
  createAnnounceCrisisNumberTask(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    clock: systemClock,
  })),
);
