/**
 * Lambda entry point of `StreamFunction` (`POST /chat/stream` on the REST API, a Lambda proxy
 * integration with `ResponseTransferMode: RESPONSE_STREAM`). Configuration and clients are created
 * once per container; a missing variable throws here, at init.
 */
import { readChatConfig } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { chatDependencies } from '../chat/chatDependencies.js';
import { createStreamHandler } from './streamHandler.js';

export const handler = awslambda.streamifyResponse(
  createStreamHandler({
    ...chatDependencies(readChatConfig()),
    logger,
    openResponse: (responseStream, metadata) => awslambda.HttpResponseStream.from(responseStream, { ...metadata }),
  }),
);
