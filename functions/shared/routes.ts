/**
 * The HTTP API, one entry per route: method, path, roles, request and response schemas. The handlers parse
 * with it, the local server routes with it, the OpenAPI document is generated from it and the CDK stack
 * declares its routes from it.
 */
import * as z from 'zod';
import {
  ActivationIdParams,
  ActivationSchema,
  ErrorResponse,
  IdempotencyKeyHeader,
  ListActivationsQuery,
  StartActivationBody,
  StartActivationResponse,
  TimelineEventSchema,
  VerdictSchema,
} from './schemas.ts';

export const ROLES = ['duty-officer', 'prefect', 'comms', 'quality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** API Gateway style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  roles: readonly Role[];
  request: {
    body?: z.ZodType;
    query?: z.ZodType;
    params?: z.ZodType;
    idempotencyKey?: z.ZodType<string>;
  };
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  /** Served by the local runtime only (no Lambda on AWS). */
  localOnly?: true;
}

const errors = {
  400: { description: 'Requête invalide : chaque champ en cause est nommé.', schema: ErrorResponse },
  401: { description: 'Jeton absent ou invalide.', schema: ErrorResponse },
  403: { description: 'Rôle insuffisant.', schema: ErrorResponse },
};

export const routes = {
  startActivation: {
    method: 'POST',
    path: '/activations',
    summary: 'Activer le COD : enregistre T0 et lance l’information des publics.',
    roles: ['duty-officer'],
    request: { body: StartActivationBody, idempotencyKey: IdempotencyKeyHeader },
    responses: {
      202: { description: 'Activation acceptée ; le workflow est lancé.', schema: StartActivationResponse },
      ...errors,
      409: { description: 'Idempotency-Key déjà utilisée avec une autre requête.', schema: ErrorResponse },
    },
  },
  listActivations: {
    method: 'GET',
    path: '/activations',
    summary: 'Lister les activations, la plus récente (T0) en premier.',
    roles: ROLES,
    request: { query: ListActivationsQuery },
    responses: {
      200: {
        description: 'Une page d’activations.',
        schema: z.object({ items: z.array(ActivationSchema), cursor: z.string().optional() }),
      },
      ...errors,
    },
  },
  getActivation: {
    method: 'GET',
    path: '/activations/{id}',
    summary: 'Une activation et le verdict de chaque engagement.',
    roles: ROLES,
    request: { params: ActivationIdParams },
    responses: {
      200: {
        description: 'L’activation et ses verdicts.',
        schema: z.object({ activation: ActivationSchema, verdicts: z.array(VerdictSchema) }),
      },
      ...errors,
      404: { description: 'Activation inconnue.', schema: ErrorResponse },
    },
  },
  getTimeline: {
    method: 'GET',
    path: '/activations/{id}/timeline',
    summary: 'La chronologie d’une activation, dans l’ordre du temps.',
    roles: ROLES,
    request: { params: ActivationIdParams },
    responses: {
      200: {
        description: 'Les événements horodatés.',
        schema: z.object({ events: z.array(TimelineEventSchema) }),
      },
      ...errors,
      404: { description: 'Activation inconnue.', schema: ErrorResponse },
    },
  },
  getOpenapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'Cette description de l’API (OpenAPI 3.1).',
    roles: ROLES,
    request: {},
    responses: { 200: { description: 'Le document OpenAPI.' }, ...errors },
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
