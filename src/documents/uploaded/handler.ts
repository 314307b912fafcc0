/** Lambda entry point of `DocumentUploadedFunction` (S3 `ObjectCreated` on the documents bucket). */
import { sfnClient } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { readPipelineConfig } from '../documentConfig.js';
import { SfnPipelineExecutions } from '../pipelineExecutions.js';
import { createDocumentUploadedHandler } from './documentUploadedHandler.js';

export const handler = createDocumentUploadedHandler({ config: readPipelineConfig(), executions: new SfnPipelineExecutions(sfnClient()), logger });
