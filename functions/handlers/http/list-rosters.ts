/** GET /rosters — both cells' rosters and who is on duty now (every role; never a number or an address). */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { listRosters } from '#use-cases/list-rosters';
import * as awsRoot from '../aws-root.ts';

export const createListRostersHandler = (deps: () => Pick<Ports, 'directory' | 'clock'>) =>
  httpHandler(routes.listRosters, async () => ({ statusCode: 200, body: await listRosters(deps()) }));

export const handler = createListRostersHandler(() => ({
  directory: awsRoot.directory(),
  clock: awsRoot.systemClock,
}));
