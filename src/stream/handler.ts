/**
 * Lambda entry point of `StreamFunction` (Function URL, `InvokeMode: RESPONSE_STREAM`).
 * Configuration and clients are created once per container; a missing variable throws here, at init.
 */
import { readAuthConfig, readChatConfig } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { createTokenVerifier } from '../auth/tokenVerifier.js';
import { chatDependencies } from '../chat/chatDependencies.js';
import { createStreamHandler } from './streamHandler.js';

export const handler = awslambda.streamifyResponse(
  createStreamHandler({
    ...chatDependencies(readChatConfig()),
    verify: createTokenVerifier(readAuthConfig()),
    logger,
    openResponse: (responseStream, metadata) => awslambda.HttpResponseStream.from(responseStream, { ...metadata }),
  }),
);
