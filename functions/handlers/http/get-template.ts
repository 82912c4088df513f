/** GET /templates/{eventType} — the message template the activate form starts from. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { getTemplate } from '#use-cases/templates';
import * as awsRoot from '../aws-root.ts';

export const createGetTemplateHandler = (deps: () => Pick<Ports, 'templates'>) =>
  httpHandler(routes.getTemplate, async ({ params }) => ({
    statusCode: 200,
    body: await getTemplate(params.eventType, deps()),
  }));

export const handler = createGetTemplateHandler(() => ({ templates: awsRoot.templates() }));
