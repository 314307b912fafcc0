/** The conversation store and model both chat entry points (`/chat` and the stream) are built on. */
import { bedrockRuntimeClient, dynamoDocumentClient } from '../lib/clients.js';
import type { ChatConfig } from '../lib/config.js';
import { BedrockChatModel } from './bedrockChatModel.js';
import { DynamoConversationStore } from './dynamoConversationStore.js';

export function chatDependencies(config: ChatConfig) {
  return {
    store: new DynamoConversationStore(dynamoDocumentClient(), { tableName: config.conversationTable, ttlDays: config.conversationTtlDays }),
    model: new BedrockChatModel(bedrockRuntimeClient(), { modelId: config.modelId, maxTokens: config.maxTokens, contextWindowTokens: config.contextWindowTokens }),
    historyTurns: config.historyTurns,
  };
}
