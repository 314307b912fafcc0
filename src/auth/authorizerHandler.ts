/**
 * The API's Lambda TOKEN authorizer.
 *
 * - no token, or not `Bearer <token>` → `throw new Error('Unauthorized')`: API Gateway answers 401;
 * - a token that does not verify → a Deny policy: API Gateway answers 403;
 * - a valid token → an Allow policy for the whole API stage, `principalId` = `sub`,
 *   `context.userId` = `sub` (the chat handler stores it with each turn), and — when the token
 *   carries the usage-key claim (`USAGE_KEY_CLAIM`) — `usageIdentifierKey`: the caller's own API key,
 *   which API Gateway (`ApiKeySourceType: AUTHORIZER`) checks and meters against the usage plan, so
 *   each user has their own quota (docs/per-user-limits.md). A token without it gets no key, and API
 *   Gateway answers 403 on every route that requires one.
 */
import type { APIGatewayAuthorizerResult, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { allowPolicy, denyPolicy } from './authorizerPolicy.js';
import { bearerToken } from './bearerToken.js';
import { InvalidTokenError, MissingTokenError } from './errors.js';
import type { TokenVerifier } from './tokenVerifier.js';

/** `principalId` of a Deny policy: there is no verified user to name. */
export const UNVERIFIED_PRINCIPAL = 'unauthorized';

export type AuthorizerHandler = (event: APIGatewayTokenAuthorizerEvent) => Promise<APIGatewayAuthorizerResult>;

export interface AuthorizerOptions {
  /** The token claim holding the caller's API key value (e.g. `usage_key`, `custom:usage_key`). */
  usageKeyClaim?: string;
}

export function createAuthorizerHandler(verify: TokenVerifier, logger: Logger, options: AuthorizerOptions = {}): AuthorizerHandler {
  return async (event) => {
    let token: string;
    try {
      token = bearerToken(event.authorizationToken);
    } catch (error) {
      if (!(error instanceof MissingTokenError)) throw error;
      logger.info('No bearer token');
      // The exact message API Gateway maps to 401 Unauthorized.
      throw new Error('Unauthorized');
    }
    try {
      const { userId, claims } = await verify(token);
      const usageKey = options.usageKeyClaim === undefined ? undefined : claims[options.usageKeyClaim];
      logger.info('Token accepted', { user_id: userId, usage_key: typeof usageKey === 'string' ? 'present' : 'absent' });
      const policy = allowPolicy(userId, event.methodArn, { userId });
      return typeof usageKey === 'string' && usageKey !== '' ? { ...policy, usageIdentifierKey: usageKey } : policy;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      logger.info('Token refused', { reason: error.message });
      return denyPolicy(UNVERIFIED_PRINCIPAL, event.methodArn);
    }
  };
}
