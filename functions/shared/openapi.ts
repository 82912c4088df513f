/** The OpenAPI 3.1 document, generated from the route table: nothing in it is written by hand. */
import * as z from 'zod';
import { type RouteSpec, routes } from './routes.ts';

const schemaOf = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const queryParameters = (schema: z.ZodType) => {
  const json = schemaOf(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
};

const operation = (name: string, route: RouteSpec) => ({
  operationId: name,
  summary: route.summary,
  'x-roles': route.roles,
  security: [{ bearer: [] }],
  parameters: [
    ...(route.request.params
      ? Object.keys(
          (schemaOf(route.request.params, 'input') as { properties?: object }).properties ?? {},
        ).map((param) => ({
          name: param,
          in: 'path',
          required: true,
          schema: { type: 'string' },
        }))
      : []),
    ...(route.request.query ? queryParameters(route.request.query) : []),
    ...(route.request.idempotencyKey
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            schema: schemaOf(route.request.idempotencyKey, 'input'),
          },
        ]
      : []),
  ],
  ...(route.request.body
    ? {
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schemaOf(route.request.body, 'input') } },
        },
      }
    : {}),
  responses: Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: schemaOf(response.schema, 'output') } } }
          : {}),
      },
    ]),
  ),
});

export const openApiDocument = (options: {
  includeLocalRoutes: boolean;
  extraRoutes?: Record<string, RouteSpec>;
}) => {
  const all: Record<string, RouteSpec> = { ...routes, ...(options.extraRoutes ?? {}) };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, route] of Object.entries(all)) {
    if (route.localOnly && !options.includeLocalRoutes) continue;
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(name, route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Module 7 — communication d’urgence',
      version: '0.1.0',
      description: 'API de la cellule de communication d’urgence de la préfecture (Qual-e-pref, module 7).',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
};
