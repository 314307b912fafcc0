/** Lambda entry point of `StartDocumentFunction` (`POST /documents`). */
import { sfnClient } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { readStartDocumentConfig } from '../documentConfig.js';
import { SfnPipelineExecutions } from '../pipelineExecutions.js';
import { createStartDocumentHandler } from '../startDocumentHandler.js';

export const handler = createStartDocumentHandler({
  config: readStartDocumentConfig(),
  executions: new SfnPipelineExecutions(sfnClient()),
  logger,
});
