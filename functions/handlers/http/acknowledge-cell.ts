/** POST /activations/{id}/acknowledgements — a `comms` user takes a cell's on-call duty in the API. */
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { type AcknowledgeDeps, acknowledgeAsUser } from '#use-cases/acknowledge-page';
import { awsAcknowledgeDeps } from '../aws-task-answers.ts';

export const createAcknowledgeCellHandler = (deps: () => AcknowledgeDeps) =>
  httpHandler(routes.acknowledgeCell, async ({ params, body, caller }) => ({
    statusCode: 201,
    body: await acknowledgeAsUser({ activationId: params.id, cell: body.cell, userId: caller.id }, deps()),
  }));

export const handler = createAcknowledgeCellHandler(awsAcknowledgeDeps);
