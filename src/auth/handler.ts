/**
 * Lambda entry point of `AuthorizerFunction` (the API's TOKEN authorizer). Throws at init when
 * neither `AUTH_JWKS_URL` nor `AUTH_JWT_SECRET` is set.
 */
import { readAuthConfig, readUsageKeyClaim } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { createAuthorizerHandler } from './authorizerHandler.js';
import { createTokenVerifier } from './tokenVerifier.js';

export const handler = createAuthorizerHandler(createTokenVerifier(readAuthConfig()), logger, { usageKeyClaim: readUsageKeyClaim() });
