/**
 * POST /activations/preview — what an activation would reach, before the duty officer confirms it: the
 * communes, the people per audience and the SMS count. Changes nothing.
 */
import { loadDepartment } from '#adapters/etalab-geography';
import type { Department } from '#domain/geography';
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import { once } from '#shared/once';
import * as routes from '#shared/routes';
import { previewActivation } from '#use-cases/preview-activation';
import * as awsRoot from '../aws-root.ts';

export const createPreviewActivationHandler = (
  deps: () => Pick<Ports, 'directory'> & { department: Department },
) =>
  httpHandler(routes.previewActivation, async ({ body }) => ({
    statusCode: 200,
    body: await previewActivation(body, deps()),
  }));

export const handler = createPreviewActivationHandler(
  once(() => ({ directory: awsRoot.directory(), department: loadDepartment(awsRoot.config().department) })),
);
