/** The local runtime accepts only what Cognito would issue as an ID token, as API Gateway's authorizer does. */
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER, signToken, verifyBearer } from '#local/auth';

const key = new Uint8Array(randomBytes(32));
const token = (claims: Record<string, unknown>, expires = true) => {
  const jwt = new SignJWT({ 'cognito:groups': ['quality'], token_use: 'id', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-quality')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt();
  return (expires ? jwt.setExpirationTime('1h') : jwt).sign(key);
};
const verify = async (jwt: string) => verifyBearer(key, `Bearer ${jwt}`);

describe('verifyBearer', () => {
  it('accepts the ID tokens that npm run token gives, flattening the groups as API Gateway does', async () => {
    expect(await verify(await signToken(key, 'quality'))).toMatchObject({
      sub: 'demo-quality',
      'cognito:groups': '[quality]',
      token_use: 'id',
    });
  });

  it('refuses an access token', async () => {
    expect(await verify(await token({ token_use: 'access' }))).toBeUndefined();
  });

  it('refuses a token without token_use', async () => {
    expect(await verify(await token({ token_use: undefined }))).toBeUndefined();
  });

  it('refuses a token that never expires', async () => {
    expect(await verify(await token({}, false))).toBeUndefined();
  });

  it('refuses groups that the flattening could not carry faithfully', async () => {
    expect(await verify(await token({ 'cognito:groups': ['quality duty-officer'] }))).toBeUndefined();
    expect(await verify(await token({ 'cognito:groups': ['quality', 7] }))).toBeUndefined();
  });
});
