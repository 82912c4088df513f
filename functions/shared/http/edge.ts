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
  ActivationClosedError,
  CipNotOrderedError,
  ContactExistsError,
  type DomainError,
  type FieldIssue,
  IdempotencyConflictError,
  NotFoundError,
  ValidationError,
} from '#domain/errors';
import { logger } from '../powertools.ts';
import { type BodyMediaType, ROLES, type Role, type RouteSpec } from '../routes.ts';
import {
  ForbiddenError,
  PayloadTooLargeError,
  UnauthenticatedError,
  UnsupportedMediaTypeError,
} from './errors.ts';

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
  /**
   * A text body of another media type (a CSV export): sent as it is, with this `Content-Type` and, for a file,
   * its name. JSON otherwise.
   */
  file?: { contentType: string; name: string };
}

/** What the 415 answer asks for, by the media type the route takes. */
const MEDIA_TYPE_MESSAGES: Record<BodyMediaType, string> = {
  'application/json':
    'Le corps de la requête doit être du JSON : en-tête Content-Type: application/json attendu.',
  'text/csv': 'Le corps de la requête doit être un fichier CSV : en-tête Content-Type: text/csv attendu.',
};

/** The largest body the API reads, as sent (before any base64 encoding on the way). */
export const MAX_BODY_BYTES = 1_048_576;

const ERROR_CODES = new Map<
  new (
    ...args: never[]
  ) => DomainError,
  { status: number; code: string; message: string | ((error: DomainError) => string) }
>([
  [
    ValidationError,
    { status: 400, code: 'invalid_request', message: 'La requête contient des champs invalides.' },
  ],
  [UnauthenticatedError, { status: 401, code: 'unauthenticated', message: 'Authentification requise.' }],
  [ForbiddenError, { status: 403, code: 'forbidden', message: 'Votre rôle ne permet pas cette action.' }],
  [NotFoundError, { status: 404, code: 'not_found', message: 'Ressource introuvable.' }],
  [
    UnsupportedMediaTypeError,
    {
      status: 415,
      code: 'unsupported_media_type',
      message: (error) => MEDIA_TYPE_MESSAGES[(error as UnsupportedMediaTypeError).expected],
    },
  ],
  [
    PayloadTooLargeError,
    { status: 413, code: 'payload_too_large', message: 'Corps de requête trop volumineux : 1 Mio au plus.' },
  ],
  [
    ContactExistsError,
    { status: 409, code: 'contact_exists', message: 'Un contact porte déjà cet identifiant.' },
  ],
  [
    IdempotencyConflictError,
    {
      status: 409,
      code: 'idempotency_conflict',
      message: 'Cette Idempotency-Key a déjà servi pour une autre requête.',
    },
  ],
  [
    ActivationClosedError,
    {
      status: 409,
      code: 'activation_closed',
      message: 'La fin d’alerte a été décidée pour cette activation.',
    },
  ],
  [
    CipNotOrderedError,
    {
      status: 409,
      code: 'cip_not_ordered',
      message: 'Le préfet n’a pas ordonné l’activation de la cellule d’information du public.',
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
      const message = typeof mapped.message === 'string' ? mapped.message : mapped.message(error);
      return json(mapped.status, { error: { code: mapped.code, message, ...fields } });
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

/** A property that does not read as a name (empty, spaces, dots, brackets) is quoted: `message["a.b"]`. */
const joinPath = (parts: readonly PropertyKey[]) =>
  parts.reduce<string>((path, part) => {
    if (typeof part === 'number') return `${path}[${part}]`;
    const name = String(part);
    if (!/^[^\s.[\]"]+$/u.test(name)) return `${path}[${JSON.stringify(name)}]`;
    return path ? `${path}.${name}` : name;
  }, '');

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

/** A JSON array of strings, or undefined for anything else. */
const jsonStrings = (text: string): string[] | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The group names of a caller, each read whole: never split on a character a name may hold. Cognito puts
 * `cognito:groups` in the token as an array; API Gateway's JWT authorizer hands it to the function flattened
 * to `[duty-officer prefect]` (group names cannot hold whitespace, so single spaces separate them); a JSON
 * array in a string and a single bare name are read too. Anything else (an array holding a non-string, a
 * number) names no group.
 */
export const groupsOf = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.every((item) => typeof item === 'string') ? claim : [];
  if (typeof claim !== 'string') return [];
  if (!(claim.startsWith('[') && claim.endsWith(']'))) return [claim];
  const inside = claim.slice(1, -1);
  return jsonStrings(claim) ?? (inside === '' ? [] : inside.split(' '));
};

/** @throws UnauthenticatedError without verified claims. */
export const callerOf = (event: ApiEvent): Caller => {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  const id = claims?.['sub'];
  if (typeof id !== 'string' || id.length === 0) throw new UnauthenticatedError('No verified identity');
  const groups = groupsOf(claims?.['cognito:groups']);
  return { id, roles: ROLES.filter((role) => groups.includes(role)) };
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

/** `application/json` or `application/…+json`, with parameters; a charset, if any, is UTF-8. */
const isJsonMediaType = (contentType: string) => {
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (!/^application\/(?:[\w!#$&^.+-]+\+)?json$/i.test(mediaType.trim())) return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    return name.trim().toLowerCase() !== 'charset' || /^"?utf-8"?$/i.test(value.trim());
  });
};

/** `text/csv`, with parameters (a charset, if any, is not trusted: the file's bytes tell its encoding). */
const isCsvMediaType = (contentType: string) => /^text\/csv$/i.test(contentType.split(';')[0]?.trim() ?? '');

const MEDIA_TYPE_CHECKS: Record<BodyMediaType, (contentType: string) => boolean> = {
  'application/json': isJsonMediaType,
  'text/csv': isCsvMediaType,
};

const mediaTypeOf = (spec: RouteSpec): BodyMediaType => spec.request.bodyMediaType ?? 'application/json';

/**
 * @throws UnsupportedMediaTypeError unless the route takes no body, no body was sent (a JSON route then reads
 * `{}`, which its schema accepts or refuses field by field), or the body is declared as the route takes it.
 */
const checkMediaType = (spec: RouteSpec, event: ApiEvent) => {
  if (!spec.request.body) return;
  if (
    (event.body === undefined || event.body === null || event.body === '') &&
    mediaTypeOf(spec) === 'application/json'
  )
    return;
  const contentType = event.headers?.['content-type'] ?? '';
  const expected = mediaTypeOf(spec);
  if (!MEDIA_TYPE_CHECKS[expected](contentType)) {
    throw new UnsupportedMediaTypeError(`Unsupported Content-Type: ${contentType.slice(0, 100)}`, expected);
  }
};

/**
 * The body as it came: API Gateway may hand it base64-encoded (`isBase64Encoded`, a binary or non-text body),
 * the local server always does for a body that is not JSON, so that a Windows-1252 file reaches the import as
 * it was sent. @throws PayloadTooLargeError past MAX_BODY_BYTES.
 */
const contentOf = (event: ApiEvent): Buffer | string | undefined => {
  if (event.body === undefined || event.body === '') return undefined;
  const content = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : event.body;
  const size = typeof content === 'string' ? Buffer.byteLength(content, 'utf8') : content.length;
  if (size > MAX_BODY_BYTES) throw new PayloadTooLargeError(`Body of ${size} bytes`);
  return content;
};

/** The body as the route takes it: parsed JSON (an empty object when there is none), or the bytes of a file. */
const bodyOf = (spec: RouteSpec, content: Buffer | string | undefined): unknown => {
  if (mediaTypeOf(spec) !== 'application/json') {
    return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  }
  if (content === undefined) return {};
  const text = typeof content === 'string' ? content : content.toString('utf8');
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
  // A body over the limit is refused whole, before any of its fields.
  const content = body ? contentOf(event) : undefined;
  const parsed = {
    idempotencyKey:
      idempotencyKey &&
      attempt(() => parseWith(idempotencyKey, event.headers?.['idempotency-key'], 'Idempotency-Key')),
    params: params && attempt(() => parseWith(params, event.pathParameters ?? {}, undefined, 'path')),
    query: query && attempt(() => parseWith(query, event.queryStringParameters ?? {}, undefined, 'query')),
    body: body && attempt(() => parseWith(body, bodyOf(spec, content))),
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

/** Checks the caller's role, then the body's media type, then parses the request; all before the handler. */
const authorizeAndParse = <Spec extends RouteSpec>(
  spec: Spec,
): MiddlewareObj<ApiEvent, ApiResult, Error, ApiContext<Spec>> => ({
  before: (request) => {
    const caller = callerOf(request.event);
    if (!caller.roles.some((role) => spec.roles.includes(role))) throw new ForbiddenError(spec.roles);
    checkMediaType(spec, request.event);
    request.context.request = parseRequest(spec, request.event, caller);
    // Every line this request logs says which activation, or which contact, it is about.
    const id = request.event.pathParameters?.['id'];
    if (id) logger.appendKeys(spec.path.startsWith('/directory/') ? { contactId: id } : { activationId: id });
  },
});

/**
 * Builds an API handler: Powertools first, then error mapping, role check, media type and parsing; the body
 * last. `run` returns the status and the JSON body.
 */
export const httpHandler = <Spec extends RouteSpec>(
  spec: Spec,
  run: (request: ParsedRequest<Spec>) => Promise<HttpResponse>,
) =>
  middy<ApiEvent, ApiResult, Error, ApiContext<Spec>>()
    // Requests carry numbers and addresses: the event is never logged, whatever POWERTOOLS_LOGGER_LOG_EVENT says.
    .use(injectLambdaContext(logger, { resetKeys: true, logEvent: false }))
    .use(httpErrors())
    .use(authorizeAndParse(spec))
    .handler(async (_event, context) => {
      const response = await run(context.request as ParsedRequest<Spec>);
      if (response.file) {
        return {
          statusCode: response.statusCode,
          headers: {
            'content-type': response.file.contentType,
            'content-disposition': `attachment; filename="${response.file.name.replace(/[^\w.-]/g, '_')}"`,
            'cache-control': 'no-store',
          },
          body: String(response.body),
        };
      }
      return json(response.statusCode, response.body);
    });
