/** PUT /templates/{eventType} — `comms` or `admin` replaces a hazard's template, checked before it is kept. */
import type { Ports } from '#domain/ports';
import { httpHandler } from '#shared/http/edge';
import * as routes from '#shared/routes';
import { putTemplate } from '#use-cases/templates';
import * as awsRoot from '../aws-root.ts';

export const createUpdateTemplateHandler = (deps: () => Pick<Ports, 'templates' | 'clock'>) =>
  httpHandler(routes.updateTemplate, async ({ params, body, caller }) => ({
    statusCode: 200,
    body: await putTemplate({ eventType: params.eventType, ...body }, { actor: caller.id }, deps()),
  }));

export const handler = createUpdateTemplateHandler(() => ({
  templates: awsRoot.templates(),
  clock: awsRoot.systemClock,
}));
