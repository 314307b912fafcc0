/**
 * Lambda entry point of `StreamFunction` (Function URL, `InvokeMode: RESPONSE_STREAM`).
 * Configuration and clients are created once per container; a missing variable throws here, at init.
 */
import { bedrockRuntimeClient, dynamoDocumentClient } from '../lib/clients.js';
import { readAuthConfig, readChatConfig } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { createTokenVerifier } from '../auth/tokenVerifier.js';
import { BedrockChatModel } from '../chat/bedrockChatModel.js';
import { DynamoConversationStore } from '../chat/dynamoConversationStore.js';
import { createStreamHandler } from './streamHandler.js';

const config = readChatConfig();

export const handler = awslambda.streamifyResponse(
  createStreamHandler({
    verify: createTokenVerifier(readAuthConfig()),
    store: new DynamoConversationStore(dynamoDocumentClient(), {
      tableName: config.conversationTable,
      ttlDays: config.conversationTtlDays,
    }),
    model: new BedrockChatModel(bedrockRuntimeClient(), { modelId: config.modelId, maxTokens: config.maxTokens }),
    historyTurns: config.historyTurns,
    logger,
    openResponse: (responseStream, metadata) => awslambda.HttpResponseStream.from(responseStream, { ...metadata }),
  }),
);
