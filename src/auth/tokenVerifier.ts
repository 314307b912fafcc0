/**
 * Bearer JWT verification with `jose`: signature, `iss`, `aud`, `exp` (required), `sub` (required).
 *
 * Keys: a JWKS URL (`AUTH_JWKS_URL`, asymmetric algorithms, keys fetched and cached by `jose`) when
 * set, otherwise an HS256 shared secret (`AUTH_JWT_SECRET`). Used by the API's Lambda authorizer and by
 * the streaming function's in-handler check, so both accept exactly the same tokens.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../lib/config.js';
import { InvalidTokenError } from './errors.js';

/** Algorithms accepted with a JWKS (never `none`, never HMAC: a public key must not double as a secret). */
export const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** The algorithm of shared-secret tokens. */
export const SECRET_ALGORITHM = 'HS256';
/** Clock skew tolerated on `exp` / `nbf` / `iat`, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 5;

export interface VerifiedToken {
  /** The token's `sub`: the user id. */
  userId: string;
  claims: JWTPayload;
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/**
 * A verifier for `config`. Create it once per container: the JWKS (if any) is cached across calls.
 *
 * @example
 * const verify = createTokenVerifier(readAuthConfig());
 * const { userId } = await verify(bearerToken(headers.authorization));
 */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  let verify: (token: string) => Promise<JWTPayload>;
  if (config.jwksUrl) {
    const jwks: JWTVerifyGetKey = createRemoteJWKSet(new URL(config.jwksUrl));
    verify = async (token) => (await jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGORITHMS })).payload;
  } else if (config.jwtSecret) {
    const secret = new TextEncoder().encode(config.jwtSecret);
    verify = async (token) => (await jwtVerify(token, secret, { ...options, algorithms: [SECRET_ALGORITHM] })).payload;
  } else {
    throw new Error('AuthConfig has neither jwksUrl nor jwtSecret');
  }

  return async (token) => {
    let claims: JWTPayload;
    try {
      claims = await verify(token);
    } catch (error) {
      // The key source failing (JWKS unreachable, timed out) is our outage, not a bad token: let it
      // propagate (the authorizer then fails, API Gateway answers 500) instead of denying everyone.
      if (error instanceof joseErrors.JWKSTimeout || !(error instanceof joseErrors.JOSEError)) throw error;
      throw new InvalidTokenError(describeJoseError(error), { cause: error });
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new InvalidTokenError('Token has no subject');
    return { userId: claims.sub, claims };
  };
}

/** A short reason for the logs (never the token itself). */
function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `Token claim "${error.claim}" invalid: ${error.reason}`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'Token signature invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'Token algorithm not allowed';
  if (error instanceof joseErrors.JOSEError) return `Token invalid (${error.code})`;
  return 'Token could not be verified';
}
