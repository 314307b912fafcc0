/** Lambda entry point of `GetDocumentFunction` (`GET /documents/{id}`). */
import { sfnClient } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { readPipelineConfig } from '../documentConfig.js';
import { createGetDocumentHandler } from '../getDocumentHandler.js';
import { SfnPipelineExecutions } from '../pipelineExecutions.js';

export const handler = createGetDocumentHandler({
  config: readPipelineConfig(),
  executions: new SfnPipelineExecutions(sfnClient()),
  logger,
});
