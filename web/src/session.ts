/**
 * Who is signed in. Locally the dashboard lists the demo users (`/config.json` says so) and asks the runtime
 * for a demo session; on AWS it signs in with Cognito's hosted sign-in, the authorization-code flow with PKCE
 * (`/config.json` from the Web stack: the Cognito domain, the client id, the redirect URI). The id token stays
 * in this tab's sessionStorage and goes to the API as a bearer token.
 */
export type Role = 'duty-officer' | 'prefect' | 'comms' | 'quality' | 'admin';

export const ROLE_LABELS: Record<Role, string> = {
  'duty-officer': 'Cadre de permanence',
  prefect: 'Préfet ou directeur de cabinet',
  comms: 'Chargé de communication',
  quality: 'Référent qualité',
  admin: 'Administrateur',
};

export type SiteConfig =
  | { auth: { kind: 'local'; users: { role: Role; name: string }[] } }
  | { auth: { kind: 'cognito'; domain: string; clientId: string; redirectUri: string } };

export interface Session {
  token: string;
  name: string;
  roles: Role[];
  expiresAt: number;
}

const KEY = 'm7.session';
const VERIFIER = 'm7.pkce';

/** The claims of a JWT, read without verifying it: the API verifies; the page only adapts what it shows. */
const claimsOf = (token: string): Record<string, unknown> => {
  const payload = token.split('.')[1] ?? '';
  const json = atob(
    payload
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(payload.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (char) => char.charCodeAt(0))));
};

export const sessionOf = (token: string, name?: string): Session => {
  const claims = claimsOf(token);
  const groups = claims['cognito:groups'];
  return {
    token,
    name: name ?? String(claims['name'] ?? claims['email'] ?? claims['cognito:username'] ?? 'Utilisateur'),
    roles: (Array.isArray(groups) ? groups : []).filter((group): group is Role => group in ROLE_LABELS),
    expiresAt: Number(claims['exp'] ?? 0) * 1_000,
  };
};

export const currentSession = (): Session | undefined => {
  const stored = sessionStorage.getItem(KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as Session;
  if (session.expiresAt <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return session;
};

export const hasRole = (...roles: Role[]) =>
  currentSession()?.roles.some((role) => roles.includes(role)) ?? false;

const keep = (session: Session) => sessionStorage.setItem(KEY, JSON.stringify(session));

export const signOut = (config: SiteConfig) => {
  sessionStorage.removeItem(KEY);
  if (config.auth.kind === 'cognito') {
    const { domain, clientId, redirectUri } = config.auth;
    location.assign(
      `${domain}/logout?client_id=${encodeURIComponent(clientId)}&logout_uri=${encodeURIComponent(redirectUri)}`,
    );
  } else location.hash = '#/';
};

/** Local: a demo user's session from the runtime. */
export const signInLocally = async (role: Role, name: string) => {
  const response = await fetch('/local/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!response.ok) throw new Error('La session de démonstration a été refusée.');
  const { token } = (await response.json()) as { token: string };
  keep(sessionOf(token, name));
};

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** AWS: to Cognito's hosted sign-in, with a PKCE challenge whose verifier stays in this tab. */
export const signInWithCognito = async (auth: Extract<SiteConfig['auth'], { kind: 'cognito' }>) => {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(VERIFIER, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  location.assign(`${auth.domain}/oauth2/authorize?${query}`);
};

/** AWS: back from the hosted sign-in with `?code=`: the code and the verifier for the tokens. */
export const completeCognitoSignIn = async (auth: Extract<SiteConfig['auth'], { kind: 'cognito' }>) => {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return;
  const pending = JSON.parse(sessionStorage.getItem(VERIFIER) ?? '{}') as {
    verifier?: string;
    state?: string;
  };
  sessionStorage.removeItem(VERIFIER);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!pending.verifier || pending.state !== params.get('state'))
    throw new Error('Connexion interrompue : recommencez.');
  const response = await fetch(`${auth.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: auth.redirectUri,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error('Cognito a refusé la connexion : recommencez.');
  const { id_token: token } = (await response.json()) as { id_token: string };
  keep(sessionOf(token));
};
