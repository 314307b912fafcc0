/**
 * The S3 event of an uploaded document starts its pipeline, named by the document id. S3 delivers at
 * least once: a second start of the same execution (same name and input) is not an error.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import type { PipelineConfig } from '../documentConfig.js';
import type { DocumentInput } from '../documentTypes.js';
import type { PipelineExecutions } from '../pipelineExecutions.js';
import { decodeEventKey, parseUploadKey } from '../uploads/uploadKey.js';

export interface DocumentUploadedDependencies {
  config: PipelineConfig;
  executions: PipelineExecutions;
  logger: Logger;
}

export function createDocumentUploadedHandler({ config, executions, logger }: DocumentUploadedDependencies): (event: S3Event) => Promise<void> {
  return async (event) => {
    for (const record of event.Records) {
      const key = decodeEventKey(record.s3.object.key);
      const document = parseUploadKey(key);
      if (!document) {
        logger.warn('Object ignored: not a document upload key', { bucket: record.s3.bucket.name, key });
        continue;
      }
      const input: DocumentInput = {
        document_id: document.documentId,
        owner: document.owner,
        pipeline: document.pipeline,
        content_type: document.contentType,
        s3: { bucket: record.s3.bucket.name, key },
      };
      try {
        await executions.start(config.pipelines[document.pipeline], document.documentId, JSON.stringify(input));
      } catch (error) {
        // A redelivered event: the execution already exists with this input.
        if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      }
      logger.info('Document pipeline started from upload', { document_id: document.documentId, pipeline: document.pipeline, size: record.s3.object.size });
    }
  };
}
