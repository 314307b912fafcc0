/**
 * Lambda entry point of `ChatFunction` (`POST /chat`). Configuration and clients are created once
 * per container; a missing variable throws here, at init.
 */
import { bedrockRuntimeClient, dynamoDocumentClient } from '../lib/clients.js';
import { readChatConfig } from '../lib/config.js';
import { logger } from '../lib/logger.js';
import { BedrockChatModel } from './bedrockChatModel.js';
import { createChatHandler } from './chatHandler.js';
import { DynamoConversationStore } from './dynamoConversationStore.js';

const config = readChatConfig();

export const handler = createChatHandler({
  store: new DynamoConversationStore(dynamoDocumentClient(), {
    tableName: config.conversationTable,
    ttlDays: config.conversationTtlDays,
  }),
  model: new BedrockChatModel(bedrockRuntimeClient(), { modelId: config.modelId, maxTokens: config.maxTokens }),
  historyTurns: config.historyTurns,
  logger,
});
