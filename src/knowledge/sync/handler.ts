/** Lambda entry point of `KnowledgeSyncFunction` (`POST /knowledge/sync`, `GET /knowledge/sync/{jobId}`). */
import { bedrockAgentClient } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { BedrockIngestionJobs } from './ingestionJobs.js';
import { readSyncConfig } from './syncConfig.js';
import { createSyncHandler } from './syncHandler.js';

const config = readSyncConfig();

export const handler = createSyncHandler({ jobs: new BedrockIngestionJobs(bedrockAgentClient(), config.knowledgeBaseId, config.dataSourceId), logger });
