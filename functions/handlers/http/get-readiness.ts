/** GET /directory/readiness — can every commune and every audience be reached now (before any crisis)? */
import { loadDepartment } from '#adapters/etalab-geography';
import type { Department } from '#domain/geography';
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import * as routes from '#shared/routes';
import { getReadiness } from '#use-cases/get-readiness';
import * as awsRoot from '../aws-root.ts';

export const createGetReadinessHandler = (
  deps: () => Pick<Ports, 'directory'> & { department: Department },
) => httpHandler(routes.getReadiness, async () => ({ statusCode: 200, body: await getReadiness(deps()) }));

export const handler = createGetReadinessHandler(
  once(() => ({ directory: awsRoot.directory(), department: loadDepartment(awsRoot.config().department) })),
);
