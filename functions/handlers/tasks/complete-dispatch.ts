/** Task CompleteDispatch — records an audience's dispatch once all its batches were sent (M7-2). */
import type { Ports } from '#domain/ports';
import { AudienceTaskInput, defineTask, lambdaTask } from '#shared/task';
import { completeDispatch } from '#use-cases/dispatch-audience';
import { awsRoot, systemClock } from '../aws-root.ts';

export const createCompleteDispatchTask = (
  deps: () => Pick<Ports, 'store' | 'timeline' | 'directory' | 'ledger' | 'clock'>,
) => defineTask('CompleteDispatch', AudienceTaskInput, (input) => completeDispatch(input, deps()));

export const handler = lambdaTask(
  createCompleteDispatchTask(() => ({
    store: awsRoot.store(),
    timeline: awsRoot.timeline(),
    directory: awsRoot.directory(),
    ledger: awsRoot.ledger(),
    clock: systemClock,
  })),
);
