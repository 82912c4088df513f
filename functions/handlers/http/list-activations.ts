/** GET /activations — newest T0 first, each with its verdicts, filtered by mode and year, paged by cursor. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { listActivations } from '#use-cases/read-activations';
import * as awsRoot from '../aws-root.ts';

export const createListActivationsHandler = (deps: () => Pick<Ports, 'store' | 'timeline' | 'clockFor'>) =>
  httpHandler(routes.listActivations, async ({ query }) => {
    const { mode, year, limit, cursor } = query;
    const page = await listActivations(
      { limit, ...(mode ? { mode } : {}), ...(year ? { year } : {}), ...(cursor ? { cursor } : {}) },
      deps(),
    );
    return { statusCode: 200, body: page };
  });

export const handler = createListActivationsHandler(() => ({
  store: awsRoot.store(),
  timeline: awsRoot.timeline(),
  clockFor: awsRoot.realActivationClock,
}));
