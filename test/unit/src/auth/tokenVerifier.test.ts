import { describe, expect, it } from 'vitest';
import { SignJWT, UnsecuredJWT } from 'jose';
import { signDevToken } from '../../../../local/auth/devToken.js';
import { InvalidTokenError } from '../../../../src/auth/errors.js';
import { createTokenVerifier } from '../../../../src/auth/tokenVerifier.js';
import { TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET } from '../factories.js';

const verify = createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwtSecret: TEST_SECRET });
const claims = { sub: 'user-1', issuer: TEST_ISSUER, audience: TEST_AUDIENCE };
const key = new TextEncoder().encode(TEST_SECRET);

async function expectRefused(token: string, reason: RegExp): Promise<void> {
  const error = await verify(token).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidTokenError);
  expect((error as Error).message).toMatch(reason);
}

describe('createTokenVerifier (HS256 secret)', () => {
  it('accepts a dev token and returns its subject', async () => {
    const token = await signDevToken(TEST_SECRET, claims);
    await expect(verify(token)).resolves.toMatchObject({ userId: 'user-1', claims: { iss: TEST_ISSUER, aud: TEST_AUDIENCE } });
  });

  it('refuses a token signed with another secret', async () => {
    await expectRefused(await signDevToken('another-secret-another-secret-0123456789', claims), /signature/);
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE).setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(key);
    await expectRefused(token, /expired/);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('user-1').setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).sign(key);
    await expectRefused(token, /exp/);
  });

  it('refuses another issuer or audience', async () => {
    await expectRefused(await signDevToken(TEST_SECRET, { ...claims, issuer: 'someone-else' }), /iss/);
    await expectRefused(await signDevToken(TEST_SECRET, { ...claims, audience: 'other-api' }), /aud/);
  });

  it('refuses a token without a subject', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setExpirationTime('1h').sign(key);
    await expectRefused(token, /sub/);
  });

  it('refuses an unsigned (alg none) token and garbage', async () => {
    const unsigned = new UnsecuredJWT({}).setSubject('user-1').setIssuer(TEST_ISSUER).setAudience(TEST_AUDIENCE).setExpirationTime('1h').encode();
    await expectRefused(unsigned, /./);
    await expectRefused('not.a.jwt', /./);
    await expectRefused('garbage', /./);
  });

  it('refuses HS512 even with the right secret', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('user-1').setIssuer(TEST_ISSUER)
      .setAudience(TEST_AUDIENCE).setExpirationTime('1h').sign(key);
    await expectRefused(token, /algorithm/);
  });

  it('honours a numeric expiresIn of the dev token', async () => {
    const token = await signDevToken(TEST_SECRET, { ...claims, expiresIn: 60 });
    const { claims: payload } = await verify(token);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(60);
  });
});
