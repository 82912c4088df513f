/** POST /activations/{id}/acknowledgements — a `comms` user takes a cell's on-call duty in the API. */
import { SFNClient } from '@aws-sdk/client-sfn';
import { sfnTaskAnswers } from '#adapters/sfn-workflow-engine';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import { routes } from '#shared/routes';
import { type AcknowledgeDeps, acknowledgeAsUser } from '#use-cases/acknowledge-page';
import { awsRoot, realActivationClock } from '../aws-root.ts';

export const createAcknowledgeCellHandler = (deps: () => AcknowledgeDeps) =>
  httpHandler(routes.acknowledgeCell, async ({ params, body, caller }) => ({
    statusCode: 201,
    body: await acknowledgeAsUser({ activationId: params.id, cell: body.cell, userId: caller.id }, deps()),
  }));

const answers = once(() => sfnTaskAnswers(new SFNClient({})));

export const handler = createAcknowledgeCellHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  directory: awsRoot.directory(),
  pages: awsRoot.pages(),
  engine: answers(),
  clockFor: realActivationClock,
}));
