/**
 * The HTTP edge every API handler shares, as middy middlewares: Powertools context, error mapping by class,
 * role check, request parsing with the route's zod schemas. The handler body gets typed, valid input.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type * as z from 'zod/mini';
import {
  type DomainError,
  type FieldIssue,
  ForbiddenError,
  IdempotencyConflictError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '#domain/errors';
import { logger } from './powertools.ts';
import { ROLES, type Role, type RouteSpec } from './routes.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

export interface Caller {
  id: string;
  roles: Role[];
}

type Parsed<S extends z.ZodMiniType | undefined> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface ParsedRequest<Spec extends RouteSpec> {
  body: Parsed<Spec['request']['body']>;
  query: Parsed<Spec['request']['query']>;
  params: Parsed<Spec['request']['params']>;
  idempotencyKey: Parsed<Spec['request']['idempotencyKey']>;
  caller: Caller;
}

export interface HttpResponse {
  statusCode: number;
  body: unknown;
}

const ERROR_CODES = new Map<
  new (
    ...args: never[]
  ) => DomainError,
  { status: number; code: string; message: string }
>([
  [
    ValidationError,
    { status: 400, code: 'invalid_request', message: 'La requête contient des champs invalides.' },
  ],
  [UnauthenticatedError, { status: 401, code: 'unauthenticated', message: 'Authentification requise.' }],
  [ForbiddenError, { status: 403, code: 'forbidden', message: 'Votre rôle ne permet pas cette action.' }],
  [NotFoundError, { status: 404, code: 'not_found', message: 'Ressource introuvable.' }],
  [
    IdempotencyConflictError,
    {
      status: 409,
      code: 'idempotency_conflict',
      message: 'Cette Idempotency-Key a déjà servi pour une autre requête.',
    },
  ],
]);

export const json = (statusCode: number, body: unknown): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/** Maps an error to its HTTP answer by class; anything unexpected is a 500 that says nothing of internals. */
export const toHttpError = (error: unknown): ApiResult => {
  for (const [type, mapped] of ERROR_CODES) {
    if (error instanceof type) {
      const fields = error instanceof ValidationError ? { fields: error.issues } : {};
      return json(mapped.status, { error: { code: mapped.code, message: mapped.message, ...fields } });
    }
  }
  logger.error('Unexpected error', { error: error as Error });
  return json(500, {
    error: {
      code: 'internal',
      message:
        'Erreur interne : réessayer dans un instant. Si elle persiste, prévenir l’astreinte technique.',
    },
  });
};

const joinPath = (parts: readonly PropertyKey[]) =>
  parts.reduce<string>(
    (path, part) =>
      typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${String(part)}` : String(part),
    '',
  );

/**
 * Zod issues as the fields a person can find in the request (`area.communes[1]`): an unknown property is
 * named itself, and an issue on the whole value is named after that value (`body` by default).
 */
export const fieldIssues = (error: z.core.$ZodError, prefix?: string, whole = 'body'): FieldIssue[] =>
  error.issues.flatMap((issue) => {
    const base = [...(prefix ? [prefix] : []), ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: joinPath([...base, key]), message: 'Champ inconnu.' }));
    }
    return [{ field: joinPath(base) || whole, message: issue.message }];
  });

/**
 * The groups of a caller. Cognito puts `cognito:groups` in the token as an array; API Gateway's JWT
 * authorizer hands it to the function flattened to a string such as `[duty-officer prefect]`.
 */
export const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
};

/** @throws UnauthenticatedError without verified claims. */
export const callerOf = (event: ApiEvent): Caller => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const id = claims?.['sub'];
  if (typeof id !== 'string' || id.length === 0) throw new UnauthenticatedError('No verified identity');
  const roles = groupsOf(claims?.['cognito:groups']).filter((group): group is Role =>
    (ROLES as readonly string[]).includes(group),
  );
  return { id, roles };
};

const parseWith = <S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  prefix?: string,
  whole?: string,
): z.output<S> => {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new ValidationError(fieldIssues(result.error, prefix, whole), { cause: result.error });
  return result.data;
};

const bodyOf = (event: ApiEvent): unknown => {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ValidationError(
      [{ field: 'body', message: 'Le corps de la requête n’est pas du JSON valide.' }],
      { cause },
    );
  }
};

/** Parses every part of the request the route declares; every failing field is reported at once. */
export const parseRequest = <Spec extends RouteSpec>(
  spec: Spec,
  event: ApiEvent,
  caller: Caller,
): ParsedRequest<Spec> => {
  const issues: FieldIssue[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const { body, query, params, idempotencyKey } = spec.request;
  const parsed = {
    idempotencyKey:
      idempotencyKey &&
      attempt(() => parseWith(idempotencyKey, event.headers?.['idempotency-key'], 'Idempotency-Key')),
    params: params && attempt(() => parseWith(params, event.pathParameters ?? {}, undefined, 'path')),
    query: query && attempt(() => parseWith(query, event.queryStringParameters ?? {}, undefined, 'query')),
    body: body && attempt(() => parseWith(body, bodyOf(event) ?? {})),
    caller,
  };
  if (issues.length > 0) throw new ValidationError(issues);
  return parsed as ParsedRequest<Spec>;
};

type ApiContext<Spec extends RouteSpec> = Context & { request?: ParsedRequest<Spec> };

const httpErrors = (): MiddlewareObj<ApiEvent, ApiResult> => ({
  onError: (request) => {
    request.response = toHttpError(request.error);
  },
});

/** Checks the caller's role, then parses the request; both before the handler runs. */
const authorizeAndParse = <Spec extends RouteSpec>(
  spec: Spec,
): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext<Spec>> => ({
  before: (request) => {
    const caller = callerOf(request.event);
    if (!caller.roles.some((role) => spec.roles.includes(role))) throw new ForbiddenError(spec.roles);
    request.context.request = parseRequest(spec, request.event, caller);
  },
});

/**
 * Builds an API handler: Powertools first, then error mapping, role check and parsing; the body last.
 * `run` returns the status and the JSON body.
 */
export const httpHandler = <Spec extends RouteSpec>(
  spec: Spec,
  run: (request: ParsedRequest<Spec>) => Promise<HttpResponse>,
) =>
  middy<ApiEvent, ApiResult, Error, ApiContext<Spec>>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(httpErrors())
    .use(authorizeAndParse(spec))
    .handler(async (_event, context) => {
      const response = await run(context.request as ParsedRequest<Spec>);
      return json(response.statusCode, response.body);
    });
