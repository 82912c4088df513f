/** GET /rosters/coverage — per cell, the hours of the coming days with nobody on duty (every role). */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { getRosterCoverage } from '#use-cases/get-roster-coverage';
import * as awsRoot from '../aws-root.ts';

export const createGetRosterCoverageHandler = (deps: () => Pick<Ports, 'directory' | 'clock'>) =>
  httpHandler(routes.getRosterCoverage, async ({ query }) => ({
    statusCode: 200,
    body: await getRosterCoverage(query.days, deps()),
  }));

export const handler = createGetRosterCoverageHandler(() => ({
  directory: awsRoot.directory(),
  clock: awsRoot.systemClock,
}));
