/** Lambda entry point of `GetTaskFunction` (`GET /tasks/{id}`). */
import { dynamoDocumentClient } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { DynamoTaskStore } from '../dynamoTaskStore.js';
import { createStatusHandler } from '../statusHandler.js';
import { readStatusConfig } from '../taskConfig.js';

const config = readStatusConfig();

export const handler = createStatusHandler({
  store: new DynamoTaskStore(dynamoDocumentClient(), { tableName: config.taskTable, ttlDays: config.taskTtlDays }),
  logger,
});
