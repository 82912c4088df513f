/**
 * The local API Gateway: routes requests to the same HTTP handlers as AWS, with API Gateway v2 events, after
 * verifying the bearer token as the JWT authorizer does. Bodies over 1 MiB get a 413, then the connection is
 * closed.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { ValidationError } from '#domain/errors';
import { type ApiEvent, type ApiResult, toHttpError } from '#shared/http/edge';
import type { RouteSpec } from '#shared/routes';
import { verifyBearer } from './auth.ts';
import { lambdaContext } from './lambda-context.ts';

export interface LocalRoute {
  name: string;
  spec: RouteSpec;
  handler: (event: ApiEvent, context: Context) => Promise<ApiResult>;
}

const MAX_BODY_BYTES = 1_048_576;

/** Matches a route's path; `params` is undefined when a parameter holds a malformed escape (`%ZZ`). */
const matcher = (path: string) => {
  const names: string[] = [];
  const pattern = path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${pattern}/?$`);
  return (pathname: string): { params: Record<string, string> | undefined } | undefined => {
    const found = regex.exec(pathname);
    if (!found) return undefined;
    try {
      return {
        params: Object.fromEntries(
          names.map((name, index) => [name, decodeURIComponent(found[index + 1] ?? '')]),
        ),
      };
    } catch {
      return { params: undefined };
    }
  };
};

const send = (response: ServerResponse, result: ApiResult) => {
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  response.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : result.body);
};

const error = (statusCode: number, code: string, message: string): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: { code, message } }),
});

const invalidPath = () =>
  toHttpError(
    new ValidationError([
      {
        field: 'path',
        message: 'Chemin mal encodé : un « % » doit être suivi de deux chiffres hexadécimaux (ex. %20).',
      },
    ]),
  );

const tooLarge = (): ApiResult => {
  const result = error(413, 'payload_too_large', 'Corps de requête trop volumineux : 1 Mio au plus.');
  return { ...result, headers: { ...result.headers, connection: 'close' } };
};

/** Thrown by `readBody` once the body passes MAX_BODY_BYTES. */
class BodyTooLargeError extends RangeError {}

/**
 * The body's bytes. Past MAX_BODY_BYTES it rejects with BodyTooLargeError and drops what follows without
 * closing anything: the 413 is sent first, and only then does the `connection: close` answer end the socket
 * (destroying the request here would reset the connection before the client reads the answer).
 */
const readBody = (request: IncomingMessage) =>
  new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      request.off('data', collect);
      request.resume();
      reject(new BodyTooLargeError('Body too large'));
    };
    request.on('data', collect);
    request.on('end', () => resolve(chunks.length > 0 ? Buffer.concat(chunks) : undefined));
    request.on('error', reject);
  });

/** A JSON media type (`application/json`, `application/…+json`): such a body is handed over as text. */
const isJson = (contentType: string) =>
  /^application\/(?:[\w!#$&^.+-]+\+)?json$/i.test(contentType.split(';')[0]?.trim() ?? '');

/** Where a valid token comes from, for the 401 of a server whose signing key lives in `dataDir` (or not). */
const unauthenticatedMessage = (dataDir: string | undefined) => {
  const refused = 'Jeton absent, expiré ou invalide.';
  if (!dataDir)
    return `${refused} Ce serveur tourne sans DATA_DIR (en mémoire) : ses jetons sont signés par une clé créée à son démarrage, que \`npm run token\` ne connaît pas.`;
  const quoted = /^[\w./-]+$/.test(dataDir) ? dataDir : `'${dataDir.replaceAll("'", "'\\''")}'`;
  const command = `DATA_DIR=${quoted} npm run token -- <rôle>`;
  return `${refused} Le jeton doit venir de \`npm run token\` lancé avec le même DATA_DIR que ce serveur, dont les données sont dans ${dataDir} : \`${command}\`.`;
};

export const startServer = async (options: {
  port: number;
  host?: string;
  key: Uint8Array;
  routes: LocalRoute[];
  /** The static site served for GET requests that no API route takes. */
  /** The dashboard's files by path (`local/site.ts`), for a GET that names no API route. */
  site?: (pathname: string) => Promise<ApiResult | undefined>;
  /** The data folder whose signing key verifies the tokens, named in the 401 answer; none in memory. */
  dataDir?: string | undefined;
}) => {
  const table = options.routes.map((route) => ({ ...route, match: matcher(route.spec.path) }));

  const handle = async (request: IncomingMessage): Promise<ApiResult> => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      return invalidPath();
    }
    const method = request.method ?? 'GET';
    const candidates = table.flatMap((route) => {
      const matched = route.match(url.pathname);
      return matched ? [{ route, params: matched.params }] : [];
    });
    const found = candidates.find(({ route }) => route.spec.method === method);
    if (!found && candidates.length === 0 && method === 'GET' && options.site) {
      const file = await options.site(url.pathname);
      if (file) return file;
    }
    if (!found) {
      return candidates.length > 0
        ? error(405, 'method_not_allowed', `Méthode ${method} non permise sur ${url.pathname}.`)
        : error(404, 'not_found', `Aucune route ${method} ${url.pathname}.`);
    }
    // A public page (a link's) takes no token, as on AWS where its route has no authorizer.
    const claims = found.route.spec.public
      ? {}
      : await verifyBearer(options.key, request.headers.authorization);
    if (!claims) return error(401, 'unauthenticated', unauthenticatedMessage(options.dataDir));
    const params = found.params;
    if (!params) return invalidPath();
    if (Number(request.headers['content-length']) > MAX_BODY_BYTES) return tooLarge();
    let body: Buffer | undefined;
    try {
      body = await readBody(request);
    } catch (cause) {
      if (cause instanceof BodyTooLargeError) return tooLarge();
      throw cause;
    }
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(',') : (value ?? ''),
      ]),
    );
    const query = Object.fromEntries(url.searchParams);
    const now = new Date();
    const routeKey = `${found.route.spec.method} ${found.route.spec.path}`;
    const event: ApiEvent = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(Object.keys(params).length > 0 ? { pathParameters: params } : {}),
      // JSON as text; any other body base64-encoded, as API Gateway hands a binary one: a file's bytes (a
      // Windows-1252 CSV) reach the handler as they were sent.
      ...(body !== undefined
        ? isJson(headers['content-type'] ?? '')
          ? { body: body.toString('utf8'), isBase64Encoded: false }
          : { body: body.toString('base64'), isBase64Encoded: true }
        : { isBase64Encoded: false }),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: headers['host'] ?? 'localhost',
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey,
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } },
      },
    };
    return found.route.handler(event, lambdaContext(found.route.name));
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (result) => send(response, result),
      () => send(response, error(500, 'internal', 'Erreur interne du runtime local.')),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    /**
     * Stops accepting connections, lets the requests in progress finish (an activation being written is
     * written), then closes whatever is left after a few seconds.
     */
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
};
