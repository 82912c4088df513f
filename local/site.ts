/**
 * The dashboard on the local runtime: the files of `web/` built in memory on the first request (then kept),
 * `/config.json` saying how to sign in (demo users here), and the demo session a signed-in page asks for.
 */
import * as z from 'zod/mini';
import { dashboardContentSecurityPolicy } from '#shared/contract';
import type { ApiEvent, ApiResult } from '#shared/http/edge';
import { ROLES, type RouteSpec } from '#shared/routes';
import { buildWeb, type WebFile } from '../web/build.ts';
import { signToken } from './auth.ts';

/** Who each demo role is, as the dashboard's sign-in lists them. */
export const DEMO_USERS: Record<(typeof ROLES)[number], string> = {
  'duty-officer': 'Cadre de permanence',
  prefect: 'Préfet ou directeur de cabinet',
  comms: 'Chargé de communication',
  quality: 'Référent qualité',
  admin: 'Administrateur de l’annuaire',
};

/** The dashboard's configuration: local demo sign-in (on AWS the Web stack deploys the Cognito one). */
export const LOCAL_SITE_CONFIG = {
  auth: { kind: 'local', users: ROLES.map((role) => ({ role, name: DEMO_USERS[role] })) },
};

/**
 * The policy the Web stack's CloudFront sends (infra/lib/web-stack.ts), but the Cognito domain: the local
 * dashboard runs under the same rules, so that its browser test would see what the deployed one breaks.
 */
export const LOCAL_CONTENT_SECURITY_POLICY = dashboardContentSecurityPolicy();

/** Serves the site's files by path; `/` is `/index.html`. Built once, on the first request. */
export const localSite = () => {
  let files: Promise<Map<string, WebFile>> | undefined;
  return async (pathname: string): Promise<ApiResult | undefined> => {
    files ??= buildWeb().then((built) => {
      built.set('/config.json', {
        contentType: 'application/json; charset=utf-8',
        body: new TextEncoder().encode(JSON.stringify(LOCAL_SITE_CONFIG)),
      });
      return built;
    });
    const file = (await files).get(pathname === '/' ? '/index.html' : pathname);
    if (!file) return undefined;
    return {
      statusCode: 200,
      headers: {
        'content-type': file.contentType,
        'content-security-policy': LOCAL_CONTENT_SECURITY_POLICY,
        // Hashed assets never change; the page, the bundle and the configuration are read again.
        'cache-control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      body: Buffer.from(file.body).toString('base64'),
      isBase64Encoded: true,
    };
  };
};

export const demoSessionRoute = {
  method: 'POST',
  path: '/local/session',
  summary:
    'Runtime local : ouvre la session d’un utilisateur de démonstration (un jeton signé par la clé locale), depuis cette machine seulement.',
  roles: [],
  public: true,
  localOnly: true,
  request: { body: z.strictObject({ role: z.enum(ROLES) }) },
} as const satisfies RouteSpec;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const json = (statusCode: number, body: unknown): ApiResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
});

/**
 * A token for a demo user, as `npm run token` gives one: only to a browser on this machine, so that a runtime
 * started with HOST=0.0.0.0 does not hand tokens to its network.
 */
export const createDemoSessionHandler =
  (key: Uint8Array) =>
  async (event: ApiEvent): Promise<ApiResult> => {
    if (!LOOPBACK.test(event.requestContext.http.sourceIp)) {
      return json(403, {
        error: {
          code: 'forbidden',
          message: 'Les sessions de démonstration ne s’ouvrent que depuis la machine du runtime local.',
        },
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(event.body ?? '');
    } catch {
      body = undefined;
    }
    const parsed = demoSessionRoute.request.body.safeParse(body);
    if (!parsed.success) {
      return json(400, {
        error: {
          code: 'invalid_request',
          message: 'La requête contient des champs invalides.',
          fields: [{ field: 'role', message: `Rôle attendu : ${ROLES.join(', ')}.` }],
        },
      });
    }
    const { role } = parsed.data;
    return json(201, { token: await signToken(key, role), role, name: DEMO_USERS[role] });
  };
