import { describe, expect, it } from 'vitest';
import { signDevToken } from '../../../../local/auth/devToken.js';
import { createAuthorizerHandler } from '../../../../src/auth/authorizerHandler.js';
import { authorizationHeader, bearerToken } from '../../../../src/auth/bearerToken.js';
import { MissingTokenError } from '../../../../src/auth/errors.js';
import { createTokenVerifier } from '../../../../src/auth/tokenVerifier.js';
import { METHOD_ARN, TEST_AUDIENCE, TEST_ISSUER, TEST_SECRET, silentLogger, tokenAuthorizerEventFactory } from '../factories.js';

const handler = createAuthorizerHandler(
  createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwtSecret: TEST_SECRET }),
  silentLogger(),
);

describe('the TOKEN authorizer', () => {
  it('allows a valid bearer token for the whole stage, with the user id in the context', async () => {
    const token = await signDevToken(TEST_SECRET, { sub: 'alice', issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
    const result = await handler(tokenAuthorizerEventFactory(`Bearer ${token}`));
    expect(result.principalId).toBe('alice');
    expect(result.context).toEqual({ userId: 'alice' });
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*' });
  });

  it('returns the usage-key claim as usageIdentifierKey (ApiKeySourceType AUTHORIZER), none without the claim', async () => {
    // Prepare
    const withClaims = createAuthorizerHandler(
      createTokenVerifier({ issuer: TEST_ISSUER, audience: TEST_AUDIENCE, jwtSecret: TEST_SECRET }),
      silentLogger(),
      { usageKeyClaim: 'usage_key' },
    );
    const keyed = await signDevToken(TEST_SECRET, { sub: 'alice', issuer: TEST_ISSUER, audience: TEST_AUDIENCE, extraClaims: { usage_key: 'alice-key-0123456789abcdef' } });
    const unkeyed = await signDevToken(TEST_SECRET, { sub: 'bob', issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
    // Act
    const alice = await withClaims(tokenAuthorizerEventFactory(`Bearer ${keyed}`));
    const bob = await withClaims(tokenAuthorizerEventFactory(`Bearer ${unkeyed}`));
    // Assess
    expect(alice.usageIdentifierKey).toBe('alice-key-0123456789abcdef');
    expect(alice.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(bob.usageIdentifierKey).toBeUndefined();
    expect(bob.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('accepts the scheme in any case', async () => {
    const token = await signDevToken(TEST_SECRET, { sub: 'alice', issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
    const result = await handler(tokenAuthorizerEventFactory(`bearer ${token}`));
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('denies a bad token (API Gateway answers 403)', async () => {
    const token = await signDevToken('wrong-secret-wrong-secret-wrong-secret-00', { sub: 'alice', issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
    const result = await handler(tokenAuthorizerEventFactory(`Bearer ${token}`));
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toBeUndefined();
  });

  it.each([[''], ['Bearer'], ['Bearer '], ['Basic dXNlcjpwYXNz'], ['token-without-scheme']])(
    'throws "Unauthorized" for %j (API Gateway answers 401)',
    async (header) => {
      await expect(handler(tokenAuthorizerEventFactory(header, METHOD_ARN))).rejects.toThrow(/^Unauthorized$/);
    },
  );
});

describe('bearer token extraction', () => {
  it('finds the Authorization header in any case', () => {
    expect(authorizationHeader({ authorization: 'a' })).toBe('a');
    expect(authorizationHeader({ AUTHORIZATION: 'b' })).toBe('b');
    expect(authorizationHeader(null)).toBeUndefined();
  });

  it('refuses a missing or non-bearer header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(() => bearerToken(undefined)).toThrow(MissingTokenError);
    expect(() => bearerToken('Bearer a b')).toThrow(MissingTokenError);
  });
});
