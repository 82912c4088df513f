/** GET /activations/{id} — the activation and one verdict per commitment and audience. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { getActivation } from '#use-cases/read-activations';
import * as awsRoot from '../aws-root.ts';

export type GetActivationDeps = Pick<Ports, 'store' | 'timeline' | 'clockFor'>;

export const createGetActivationHandler = (deps: () => GetActivationDeps) =>
  httpHandler(routes.getActivation, async ({ params }) => ({
    statusCode: 200,
    body: await getActivation(params.id, deps()),
  }));

export const handler = createGetActivationHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  clockFor: awsRoot.realActivationClock,
}));
