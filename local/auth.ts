/**
 * Local sign-in: JWTs signed by a key kept in the data folder, with the claims Cognito puts in an ID token
 * (`sub`, `cognito:groups`, `token_use`). The server verifies them as API Gateway's JWT authorizer does and
 * hands the claims to the handlers flattened the same way.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { ROLES, type Role } from '#shared/routes';

export const ISSUER = 'urn:module7:local';
export const AUDIENCE = 'module7-local';

/** The signing key of a data folder, created on first use (readable by its owner only). */
export const signingKeyIn = (dataDir: string): Uint8Array => {
  const path = join(dataDir, 'signing-key');
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
};

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/** A token for the demo user of a role, valid 12 hours. */
export const signToken = (key: Uint8Array, role: Role, options: { expiresIn?: string } = {}) =>
  new SignJWT({ 'cognito:groups': [role], token_use: 'id', name: `Utilisateur démo (${role})` })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(`demo-${role}`)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(key);

/** Cognito's rule for a group name, without whitespace: the `[a b]` flattening carries it unchanged. */
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/**
 * What Cognito could have issued as an ID token: `token_use: id`, and no group array the flattening would
 * change (`["quality duty-officer"]` would reach the handlers as two groups). A claim that is not an array
 * is passed as it is, and the handlers read it as one name.
 */
const isIdToken = (payload: JWTPayload) => {
  const groups = payload['cognito:groups'];
  return (
    payload['token_use'] === 'id' &&
    (!Array.isArray(groups) || groups.every((group) => typeof group === 'string' && GROUP_NAME.test(group)))
  );
};

/**
 * Verifies a bearer token as API Gateway's JWT authorizer does for a Cognito ID token (signature, issuer,
 * audience, an expiry that has not passed) and answers its claims as API Gateway passes them to a function:
 * every value a string, arrays flattened to `[a b]`. Answers undefined for a missing or invalid token, an
 * access token, or a token without `exp`.
 */
export const verifyBearer = async (key: Uint8Array, authorization: string | undefined) => {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    });
    if (!isIdToken(payload)) return undefined;
    return Object.fromEntries(
      Object.entries(payload).map(([name, value]) => [
        name,
        Array.isArray(value)
          ? `[${value.join(' ')}]`
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value),
      ]),
    );
  } catch {
    return undefined;
  }
};
