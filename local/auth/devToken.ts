/**
 * Dev bearer tokens for the local stack: HS256 JWTs that the application's authorizer (and the
 * streaming function's in-handler check) accept when `AUTH_JWT_SECRET` is the same secret.
 * Local-only: production tokens come from a real identity provider (set `AuthJwksUrl`).
 */
import { SignJWT } from 'jose';

export interface DevTokenClaims {
  /** The user id (`sub`). */
  sub: string;
  /** `iss`; must equal the function's `AUTH_ISSUER` (template parameter `AuthIssuer`). */
  issuer: string;
  /** `aud`; must equal the function's `AUTH_AUDIENCE` (template parameter `AuthAudience`). */
  audience: string;
  /** Lifetime: seconds, or a `jose` time span such as `'12h'` or `'7d'`. Default `'12h'`. */
  expiresIn?: number | string;
  /** Further string claims (e.g. the caller's usage key, see `usageKeys.ts`). */
  extraClaims?: Record<string, string>;
}

/**
 * Signs an HS256 dev token with `secret` (at least 32 bytes, as the authorizer requires).
 *
 * @example
 * const token = await signDevToken(secret, { sub: 'dev-user', issuer: 'serverless-genai-kit', audience: 'genai-api' });
 * // curl -H "authorization: Bearer $token" …
 */
export async function signDevToken(secret: string, claims: DevTokenClaims): Promise<string> {
  const expiresIn = claims.expiresIn ?? '12h';
  return new SignJWT({ ...claims.extraClaims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt()
    .setExpirationTime(typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn)
    .sign(new TextEncoder().encode(secret));
}
