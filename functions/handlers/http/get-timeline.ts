/** GET /activations/{id}/timeline — every recorded step, in time order. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { getTimeline } from '#use-cases/read-activations';
import * as awsRoot from '../aws-root.ts';

export const createGetTimelineHandler = (deps: () => Pick<Ports, 'store' | 'timeline'>) =>
  httpHandler(routes.getTimeline, async ({ params }) => ({
    statusCode: 200,
    body: await getTimeline(params.id, deps()),
  }));

export const handler = createGetTimelineHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
}));
