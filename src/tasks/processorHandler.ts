/**
 * The SQS-triggered task processor: Powertools' `BatchProcessor` runs the batch's records in
 * parallel and answers `{"batchItemFailures": [...]}` (the function uses
 * `FunctionResponseTypes: [ReportBatchItemFailures]`), so only failed messages come back.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { TaskRecordHandler } from './taskRecordHandler.js';

export interface ProcessorHandlerDependencies {
  recordHandler: TaskRecordHandler;
  /** Told the Lambda context so in-progress idempotency records expire with the invocation. */
  idempotencyConfig?: IdempotencyConfig;
  logger: Logger;
}

export type ProcessorHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createProcessorHandler({ recordHandler, idempotencyConfig, logger }: ProcessorHandlerDependencies): ProcessorHandler {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    logger.addContext(context);
    idempotencyConfig?.registerLambdaContext(context);
    const response = await processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
    if (response.batchItemFailures.length > 0) {
      logger.warn('Batch had failures', { records: event.Records.length, failed: response.batchItemFailures.length });
    }
    return response as SQSBatchResponse;
  };
}
