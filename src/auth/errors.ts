/**
 * Why a request could not be authenticated. The authorizer answers the first with `Unauthorized`
 * (API Gateway: 401) and the second with a Deny policy (API Gateway: 403); the streaming function
 * answers 401 and 403 itself.
 */

/** No `Authorization: Bearer <token>` header at all (or not a bearer one). */
export class MissingTokenError extends Error {
  constructor(message = 'Missing bearer token') {
    super(message);
    this.name = 'MissingTokenError';
  }
}

/** A token that does not verify: bad signature, wrong issuer or audience, expired, malformed, no `sub`. */
export class InvalidTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidTokenError';
  }
}
