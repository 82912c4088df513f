/** PUT /rosters/{cell} — replaces a cell's roster (admin): the body is the whole roster. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { updateRoster } from '#use-cases/update-roster';
import * as awsRoot from '../aws-root.ts';

export const createUpdateRosterHandler = (deps: () => Pick<Ports, 'directory' | 'clock'>) =>
  httpHandler(routes.updateRoster, async ({ params, body, caller }) => ({
    statusCode: 200,
    body: await updateRoster(params.cell, body, caller, deps()),
  }));

export const handler = createUpdateRosterHandler(() => ({
  directory: awsRoot.directory(),
  clock: awsRoot.systemClock,
}));
