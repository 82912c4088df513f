/** Task RecordDispatchFailure — the Catch of DispatchAudience: the audience could not be informed. */
import { DispatchFailureInput, taskHandler } from '#shared/task';
import { recordDispatchFailure } from '#use-cases/record-dispatch-failure';
import { awsRoot, systemClock } from '../aws-root.ts';

export const handler = taskHandler(DispatchFailureInput, (input) =>
  recordDispatchFailure(input, { timeline: awsRoot.timeline(), clock: systemClock }),
);
