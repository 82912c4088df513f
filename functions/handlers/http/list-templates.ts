/** GET /templates — one message template per hazard: the prefecture's, or the one shipped. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { listTemplates } from '#use-cases/templates';
import * as awsRoot from '../aws-root.ts';

export const createListTemplatesHandler = (deps: () => Pick<Ports, 'templates'>) =>
  httpHandler(routes.listTemplates, async () => ({
    statusCode: 200,
    body: { templates: await listTemplates(deps()) },
  }));

export const handler = createListTemplatesHandler(() => ({ templates: awsRoot.templates() }));
