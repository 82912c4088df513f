/**
 * The HTTP API, one entry per route: method, path, roles and request schemas. The handlers parse with it,
 * the local server routes with it, the OpenAPI document is generated from it (with the responses that
 * `openapi.ts` documents) and the CDK stack declares its routes from it.
 */
import type * as z from 'zod/mini';
import {
  ActivationIdParams,
  IdempotencyKeyHeader,
  ListActivationsQuery,
  StartActivationBody,
} from './http/request-schemas.ts';

export const ROLES = ['duty-officer', 'prefect', 'comms', 'quality', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** API Gateway style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  roles: readonly Role[];
  request: {
    body?: z.ZodMiniType;
    query?: z.ZodMiniType;
    params?: z.ZodMiniType;
    idempotencyKey?: z.ZodMiniType<string>;
  };
  /** Served by the local runtime only (no Lambda on AWS). */
  localOnly?: true;
}

export const routes = {
  startActivation: {
    method: 'POST',
    path: '/activations',
    summary: 'Activer le COD : enregistre T0 et lance l’information des publics.',
    roles: ['duty-officer'],
    request: { body: StartActivationBody, idempotencyKey: IdempotencyKeyHeader },
  },
  listActivations: {
    method: 'GET',
    path: '/activations',
    summary: 'Lister les activations, la plus récente (T0) en premier.',
    roles: ROLES,
    request: { query: ListActivationsQuery },
  },
  getActivation: {
    method: 'GET',
    path: '/activations/{id}',
    summary: 'Une activation et le verdict de chaque engagement.',
    roles: ROLES,
    request: { params: ActivationIdParams },
  },
  getTimeline: {
    method: 'GET',
    path: '/activations/{id}/timeline',
    summary: 'La chronologie d’une activation, dans l’ordre du temps.',
    roles: ROLES,
    request: { params: ActivationIdParams },
  },
  getReadiness: {
    method: 'GET',
    path: '/directory/readiness',
    summary:
      'Joignabilité de l’annuaire : chaque commune et chaque public peuvent-ils être informés maintenant ?',
    roles: ROLES,
    request: {},
  },
  getOpenapi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'Cette description de l’API (OpenAPI 3.1).',
    roles: ROLES,
    request: {},
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof routes;
