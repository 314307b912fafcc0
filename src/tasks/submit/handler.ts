/**
 * Lambda entry point of `SubmitTaskFunction` (`POST /tasks`). Configuration and clients are
 * created once per container; a missing variable throws here, at init.
 */
import { dynamoDocumentClient, sqsClient } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { CallbackUrlPolicy } from '../callbackUrlPolicy.js';
import { DynamoTaskStore } from '../dynamoTaskStore.js';
import { SqsTaskQueue } from '../sqsTaskQueue.js';
import { createSubmitHandler } from '../submitHandler.js';
import { readSubmitConfig } from '../taskConfig.js';

const config = readSubmitConfig();

export const handler = createSubmitHandler({
  store: new DynamoTaskStore(dynamoDocumentClient(), { tableName: config.taskTable, ttlDays: config.taskTtlDays }),
  queue: new SqsTaskQueue(sqsClient(), config.taskQueueUrl),
  callbackPolicy: new CallbackUrlPolicy(config.callbackAllowedHosts),
  maxPromptBytes: config.maxPromptBytes,
  logger,
});
