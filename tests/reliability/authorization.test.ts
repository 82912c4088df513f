/**
 * Who may do what, over real HTTP on the embedded runtime: every route × every role, then every route × every
 * way a token can be wrong. A bad token is a 401 whatever the route; a valid token whose only group merely
 * contains a role name is a 403; an allowed role gets the route's success status.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, signToken } from '#local/auth';
import { outboxRoute } from '#local/outbox';
import { type Runtime, startRuntime } from '#local/runtime';
import { ROLES, type Role, type RouteName, type RouteSpec, routes } from '#shared/routes';
import { activationBody, minutesAgo } from '#tests/helpers/activation-request';

type Request = { method: string; path: string; body?: string; headers?: Record<string, string> };

const activationRequest = (): Request => ({
  method: 'POST',
  path: '/activations',
  body: JSON.stringify(activationBody({ decidedAt: minutesAgo(1) })),
  headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
});

/** A contact of the cabinet, as an administrator writes it (fiction number, example.org address). */
const contactRequest = (method: 'POST' | 'PUT', path: string): Request => ({
  method,
  path,
  body: JSON.stringify({
    audience: 'cabinet',
    function: 'prefecture-staff',
    name: 'Directeur·rice de cabinet (démo)',
    phone: '06 39 98 40 01',
    email: 'cabinet-2@example.org',
  }),
  headers: { 'content-type': 'application/json' },
});

let runtime: Runtime;
let activationId = '';
/** The activation the close is tried on: the others must stay open for the routes after it. */
let closingId = '';

/** The public pages take no token (their code is the credential): tested apart, below. */
type PublicRoute = 'getAckPage' | 'confirmAck';

/** Every route the local runtime serves, what a valid request to it is, and what an allowed caller gets. */
const ROUTES: Record<
  Exclude<RouteName, PublicRoute> | 'listOutbox',
  { spec: RouteSpec; request: () => Request; success: number }
> = {
  startActivation: { spec: routes.startActivation, request: activationRequest, success: 202 },
  previewActivation: {
    spec: routes.previewActivation,
    request: () => ({
      method: 'POST',
      path: '/activations/preview',
      body: JSON.stringify({ mode: 'exercise', area: { communes: ['74010'] }, sms: 'Crue du Fier.' }),
      headers: { 'content-type': 'application/json' },
    }),
    success: 200,
  },
  listTemplates: {
    spec: routes.listTemplates,
    request: () => ({ method: 'GET', path: '/templates' }),
    success: 200,
  },
  getTemplate: {
    spec: routes.getTemplate,
    request: () => ({ method: 'GET', path: '/templates/flood' }),
    success: 200,
  },
  updateTemplate: {
    spec: routes.updateTemplate,
    request: () => ({
      method: 'PUT',
      path: '/templates/storm',
      body: JSON.stringify({
        sms: 'Vents violents sur {communes} depuis {heure}. {consignes}',
        email: { subject: 'Vents violents ({heure})', body: 'Vents violents sur {communes}. {consignes}' },
        consignes: 'Restez chez vous.',
      }),
      headers: { 'content-type': 'application/json' },
    }),
    success: 200,
  },
  getCommitmentsReport: {
    spec: routes.getCommitmentsReport,
    request: () => ({ method: 'GET', path: `/reports/commitments?year=${new Date().getFullYear()}` }),
    success: 200,
  },
  getGeography: {
    spec: routes.getGeography,
    request: () => ({ method: 'GET', path: '/geography' }),
    success: 200,
  },
  listActivations: {
    spec: routes.listActivations,
    request: () => ({ method: 'GET', path: '/activations?mode=exercise&limit=5' }),
    success: 200,
  },
  getActivation: {
    spec: routes.getActivation,
    request: () => ({ method: 'GET', path: `/activations/${activationId}` }),
    success: 200,
  },
  getTimeline: {
    spec: routes.getTimeline,
    request: () => ({ method: 'GET', path: `/activations/${activationId}/timeline` }),
    success: 200,
  },
  listRecipients: {
    spec: routes.listRecipients,
    request: () => ({ method: 'GET', path: `/activations/${activationId}/recipients` }),
    success: 200,
  },
  getReadiness: {
    spec: routes.getReadiness,
    request: () => ({ method: 'GET', path: '/directory/readiness' }),
    success: 200,
  },
  listContacts: {
    spec: routes.listContacts,
    request: () => ({ method: 'GET', path: '/directory/contacts?audience=press&limit=2' }),
    success: 200,
  },
  getContact: {
    spec: routes.getContact,
    request: () => ({ method: 'GET', path: '/directory/contacts/presse-1' }),
    success: 200,
  },
  createContact: {
    spec: routes.createContact,
    request: () => contactRequest('POST', '/directory/contacts'),
    success: 201,
  },
  updateContact: {
    spec: routes.updateContact,
    request: () => contactRequest('PUT', '/directory/contacts/cabinet-2'),
    success: 200,
  },
  deactivateContact: {
    spec: routes.deactivateContact,
    request: () => ({ method: 'DELETE', path: '/directory/contacts/ligne-public-3' }),
    success: 200,
  },
  importDirectory: {
    spec: routes.importDirectory,
    request: () => ({
      method: 'POST',
      path: '/directory/imports?audience=cabinet&dryRun=true',
      body: 'nom;fonction;portable;courriel\nCadre de permanence (démo);Agent de la préfecture;06 39 98 40 00;cabinet-1@example.org\n',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    }),
    success: 200,
  },
  listDirectoryAudit: {
    spec: routes.listDirectoryAudit,
    request: () => ({ method: 'GET', path: '/directory/audit?limit=5' }),
    success: 200,
  },
  listRosters: {
    spec: routes.listRosters,
    request: () => ({ method: 'GET', path: '/rosters' }),
    success: 200,
  },
  updateRoster: {
    spec: routes.updateRoster,
    request: () => ({
      method: 'PUT',
      path: '/rosters/cip',
      body: JSON.stringify({
        shifts: [
          { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '00:00', contactIds: ['astreinte-cip-1'] },
        ],
        backup: ['astreinte-cip-2'],
      }),
      headers: { 'content-type': 'application/json' },
    }),
    success: 200,
  },
  getRosterCoverage: {
    spec: routes.getRosterCoverage,
    request: () => ({ method: 'GET', path: '/rosters/coverage?days=2' }),
    success: 200,
  },
  acknowledgeCell: {
    spec: routes.acknowledgeCell,
    request: () => ({
      method: 'POST',
      path: `/activations/${activationId}/acknowledgements`,
      body: JSON.stringify({ cell: 'communication' }),
      headers: { 'content-type': 'application/json' },
    }),
    success: 201,
  },
  orderCip: {
    spec: routes.orderCip,
    request: () => ({ method: 'POST', path: `/activations/${activationId}/cip` }),
    success: 201,
  },
  postMessage: {
    spec: routes.postMessage,
    request: () => ({
      method: 'POST',
      path: `/activations/${activationId}/messages`,
      body: JSON.stringify({
        audiences: ['press'],
        message: { sms: 'Point de situation.', email: { subject: 'Point', body: 'Situation stable.' } },
      }),
      headers: { 'content-type': 'application/json', 'idempotency-key': `point-${randomUUID()}` },
    }),
    success: 202,
  },
  closeActivation: {
    spec: routes.closeActivation,
    request: () => ({
      method: 'POST',
      path: `/activations/${closingId}/close`,
      body: '{}',
      headers: { 'content-type': 'application/json' },
    }),
    success: 200,
  },
  getOpenapi: {
    spec: routes.getOpenapi,
    request: () => ({ method: 'GET', path: '/openapi.json' }),
    success: 200,
  },
  listOutbox: {
    spec: outboxRoute,
    request: () => ({ method: 'GET', path: `/outbox?activationId=${activationId}` }),
    success: 200,
  },
};
const ROUTE_NAMES = Object.keys(ROUTES) as (keyof typeof ROUTES)[];

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1_000);
const claimsFor = (groups: unknown): JWTPayload => ({
  'cognito:groups': groups,
  token_use: 'id',
  sub: 'demo-attacker',
  iss: ISSUER,
  aud: AUDIENCE,
  iat: now(),
  exp: now() + 3_600,
});
const sign = (payload: JWTPayload, key = runtime.key) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(key);

/** Every way a token can be wrong, and the status it must get on every route. */
const BAD_TOKENS: { name: string; status: 401 | 403; authorization: () => Promise<string | undefined> }[] = [
  { name: 'no token', status: 401, authorization: async () => undefined },
  { name: 'a Basic credential', status: 401, authorization: async () => 'Basic ZHV0eTpvZmZpY2Vy' },
  {
    name: 'an expired token',
    status: 401,
    authorization: async () =>
      `Bearer ${await sign({ ...claimsFor(['duty-officer']), iat: now() - 7_200, exp: now() - 3_600 })}`,
  },
  {
    name: 'a token signed with another key',
    status: 401,
    authorization: async () =>
      `Bearer ${await sign(claimsFor(['duty-officer']), new Uint8Array(randomBytes(32)))}`,
  },
  {
    name: 'an unsigned token (alg: none)',
    status: 401,
    authorization: async () =>
      `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsFor(['duty-officer']))}.`,
  },
  {
    name: 'a group claim edited after signing',
    status: 401,
    authorization: async () => {
      const [header, , signature] = (await signToken(runtime.key, 'quality')).split('.');
      return `Bearer ${header}.${base64url(claimsFor(['duty-officer', 'admin']))}.${signature}`;
    },
  },
  {
    name: 'one group named quality,duty-officer',
    status: 403,
    authorization: async () => `Bearer ${await sign(claimsFor(['quality,duty-officer']))}`,
  },
  {
    name: 'one string quality duty-officer for the groups',
    status: 403,
    authorization: async () => `Bearer ${await sign(claimsFor('quality duty-officer'))}`,
  },
  {
    name: 'a group name with a space, which Cognito cannot issue',
    status: 401,
    authorization: async () => `Bearer ${await sign(claimsFor(['quality duty-officer']))}`,
  },
  {
    name: 'an access token',
    status: 401,
    authorization: async () =>
      `Bearer ${await sign({ ...claimsFor(['duty-officer']), token_use: 'access' })}`,
  },
  {
    name: 'a token without exp',
    status: 401,
    authorization: async () => {
      const { exp: _exp, ...claims } = claimsFor(['duty-officer']);
      return `Bearer ${await sign(claims)}`;
    },
  },
];

const send = async (request: Request, authorization: string | undefined) => {
  const response = await fetch(`${runtime.url}${request.path}`, {
    method: request.method,
    headers: { ...request.headers, ...(authorization ? { authorization } : {}) },
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
};

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, log: () => {} });
  const created = await send(activationRequest(), `Bearer ${await signToken(runtime.key, 'duty-officer')}`);
  expect(created.status).toBe(202);
  activationId = (created.body as { id: string }).id;
  const closing = await send(activationRequest(), `Bearer ${await signToken(runtime.key, 'duty-officer')}`);
  closingId = (closing.body as { id: string }).id;
});
afterAll(() => runtime?.close());

describe('every route × every role', () => {
  const cases = ROUTE_NAMES.flatMap((name) =>
    ROLES.map((role) => ({ name, role, allowed: ROUTES[name].spec.roles.includes(role) })),
  );

  it.each(cases)('$name as $role: allowed $allowed', async ({ name, role, allowed }) => {
    const route = ROUTES[name];

    const response = await send(route.request(), `Bearer ${await signToken(runtime.key, role as Role)}`);

    expect(response.status).toBe(allowed ? route.success : 403);
    if (!allowed) expect(response.body.error?.code).toBe('forbidden');
  });
});

describe('every route × every bad token', () => {
  const cases = ROUTE_NAMES.flatMap((name) =>
    BAD_TOKENS.map((token) => ({ name, token: token.name, status: token.status, make: token.authorization })),
  );

  it.each(cases)('$name with $token: $status', async ({ name, status, make }) => {
    const response = await send(ROUTES[name].request(), await make());

    expect(response.status).toBe(status);
    expect(response.body.error?.code).toBe(status === 401 ? 'unauthenticated' : 'forbidden');
  });
});

describe('the matrix itself', () => {
  it('covers every route the runtime serves behind a token', () => {
    expect(ROUTE_NAMES.map((name) => `${ROUTES[name].spec.method} ${ROUTES[name].spec.path}`).sort()).toEqual(
      [...Object.values(routes), outboxRoute]
        .filter((spec: RouteSpec) => !spec.public)
        .map((spec) => `${spec.method} ${spec.path}`)
        .sort(),
    );
  });
});

describe('the public pages of the acknowledgement links', () => {
  const publicRoutes = (Object.keys(routes) as RouteName[]).filter(
    (name) => (routes[name] as RouteSpec).public,
  );

  it('are exactly the link’s page and its button, open to no role', () => {
    expect(publicRoutes.sort()).toEqual(['confirmAck', 'getAckPage']);
    for (const name of publicRoutes) expect(routes[name].roles, name).toEqual([]);
  });

  it.each(
    publicRoutes.flatMap((name) =>
      [...BAD_TOKENS.slice(0, 2), ...BAD_TOKENS.slice(-1)].map((token) => ({ name, token })),
    ),
  )(
    '$name answers a French page for an unknown code, whatever the token ($token.name)',
    async ({ name, token }) => {
      const authorization = await token.authorization();
      const response = await fetch(`${runtime.url}/ack/ZZZZZZZZZZ`, {
        method: routes[name].method,
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('Lien inconnu');
    },
  );
});
