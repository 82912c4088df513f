/** GET /openapi.json — the API description, generated from the route table's zod schemas. */
import { httpHandler } from '#shared/http';
import { openApiDocument } from '#shared/openapi';
import { routes } from '#shared/routes';

export const createGetOpenapiHandler = (options: Parameters<typeof openApiDocument>[0]) =>
  httpHandler(routes.getOpenapi, async () => ({ statusCode: 200, body: openApiDocument(options) }));

export const handler = createGetOpenapiHandler({ includeLocalRoutes: false });
