/**
 * Lambda entry point of `ProcessTaskFunction` (SQS event source on `TaskQueue`).
 *
 * The model call is idempotent on the message's `task_id` (Powertools idempotency, records in
 * `IdempotencyTable` with its default attributes `id` / `expiration`): a redelivered message gets
 * the stored reply instead of a second model call.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { bedrockRuntimeClient, dynamoDocumentClient } from '../../lib/clients.js';
import { readSdkRetryConfig } from '../../lib/config.js';
import { logger } from '../../lib/logger.js';
import { BedrockTaskModel } from '../bedrockTaskModel.js';
import { CallbackSender } from '../callbackSender.js';
import { CallbackUrlPolicy } from '../callbackUrlPolicy.js';
import { DynamoTaskStore } from '../dynamoTaskStore.js';
import { createProcessorHandler } from '../processorHandler.js';
import { readProcessorConfig } from '../taskConfig.js';
import { createTaskRecordHandler } from '../taskRecordHandler.js';
import type { TaskMessage } from '../taskTypes.js';

const config = readProcessorConfig();
const model = new BedrockTaskModel(bedrockRuntimeClient(), { modelId: config.modelId, maxTokens: config.maxTokens });
const callbackPolicy = new CallbackUrlPolicy(config.callbackAllowedHosts);
const idempotencyConfig = new IdempotencyConfig({ eventKeyJmesPath: 'task_id', expiresAfterSeconds: 24 * 60 * 60 });

const runModel = makeIdempotent((message: TaskMessage) => model.run(message.prompt), {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: config.idempotencyTable, clientConfig: readSdkRetryConfig() }),
  config: idempotencyConfig,
});

export const handler = createProcessorHandler({
  recordHandler: createTaskRecordHandler({
    store: new DynamoTaskStore(dynamoDocumentClient(), { tableName: config.taskTable, ttlDays: config.taskTtlDays }),
    runModel,
    callbacks: new CallbackSender({
      policy: callbackPolicy,
      timeoutMs: config.callbackTimeoutMs,
      maxAttempts: config.callbackMaxAttempts,
    }),
    maxReceiveCount: config.maxReceiveCount,
    limits: { maxPromptBytes: config.maxPromptBytes, callbackPolicy },
    logger,
  }),
  idempotencyConfig,
  logger,
});
