/** GET /openapi.json — the API description, generated from the route table's zod schemas. */
import { httpHandler } from '#shared/http/edge';
import { openApiDocument } from '#shared/http/openapi';
import * as routes from '#shared/routes';

export const createGetOpenapiHandler = (options: Parameters<typeof openApiDocument>[0]) => {
  let document: ReturnType<typeof openApiDocument> | undefined;
  return httpHandler(routes.getOpenapi, async () => {
    document ??= openApiDocument(options);
    return { statusCode: 200, body: document };
  });
};

export const handler = createGetOpenapiHandler({ includeLocalRoutes: false });
