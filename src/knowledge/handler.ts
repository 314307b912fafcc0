/**
 * Lambda entry point of `KnowledgeFunction` (`POST /knowledge/query`). Configuration and clients are
 * created once per container; a missing variable throws here, at init.
 */
import { bedrockAgentRuntimeClient } from '../lib/clients.js';
import { logger } from '../lib/logger.js';
import { BedrockKnowledgeBase } from './bedrockKnowledgeBase.js';
import { readKnowledgeConfig } from './knowledgeConfig.js';
import { createKnowledgeHandler } from './knowledgeHandler.js';

const config = readKnowledgeConfig();

export const handler = createKnowledgeHandler({
  knowledgeBase: new BedrockKnowledgeBase(bedrockAgentRuntimeClient(), config.knowledgeBaseId),
  routing: config,
  logger,
});
