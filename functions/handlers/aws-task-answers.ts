/**
 * The part of the composition root of the functions that answer the state machine's waits (the two
 * acknowledgements and the end of the alert): the Step Functions client, built once, and the ports of an
 * acknowledgement. Only these functions bundle the client.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { sfnTaskAnswers } from '#adapters/sfn-workflow-engine';
import { once } from '#shared/once';
import type { AcknowledgeDeps } from '#use-cases/acknowledge-page';
import * as awsRoot from './aws-root.ts';

export const awsTaskAnswers = once(() => sfnTaskAnswers(new SFNClient({})));

/** What an acknowledgement reads and writes on AWS, on real time. */
export const awsAcknowledgeDeps = (): AcknowledgeDeps => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  directory: awsRoot.directory(),
  pages: awsRoot.pages(),
  engine: awsTaskAnswers(),
  clockFor: awsRoot.realActivationClock,
});
