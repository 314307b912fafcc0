/**
 * `POST /documents` (API Gateway REST, proxy integration): validates the document, starts the
 * chosen pipeline with the document id as the execution name, answers
 * `202 {"document_id", "execution_arn", "pipeline", "status": "RUNNING"}`.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { callerUserId } from '../auth/callerUserId.js';
import { PayloadTooLargeError, ServiceUnavailableError } from '../lib/errors.js';
import { decodeBody, failureResponse, jsonResponse } from '../lib/http.js';
import { STATE_PAYLOAD_LIMIT_BYTES, type StartDocumentConfig } from './documentConfig.js';
import { parseDocumentRequest } from './documentRequest.js';
import type { DocumentInput } from './documentTypes.js';
import type { PipelineExecutions } from './pipelineExecutions.js';

export interface StartDocumentDependencies {
  config: StartDocumentConfig;
  executions: PipelineExecutions;
  logger: Logger;
  newDocumentId?: () => string;
}

export type StartDocumentHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export function createStartDocumentHandler({ config, executions, logger, newDocumentId = randomUUID }: StartDocumentDependencies): StartDocumentHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      const owner = callerUserId(event);
      const request = parseDocumentRequest(decodeBody(event.body, event.isBase64Encoded), config.maxDocumentBytes);
      const documentId = newDocumentId();
      const input: DocumentInput = {
        document_id: documentId,
        owner,
        pipeline: request.pipeline,
        content_type: request.contentType,
        ...(request.text !== undefined ? { text: request.text } : { content_base64: request.contentBase64 }),
      };
      const executionInput = JSON.stringify(input);
      if (Buffer.byteLength(executionInput, 'utf8') > STATE_PAYLOAD_LIMIT_BYTES) {
        throw new PayloadTooLargeError(`The document, JSON-encoded, is larger than the pipeline accepts (${STATE_PAYLOAD_LIMIT_BYTES} bytes); send a smaller document`);
      }
      let executionArn: string;
      try {
        executionArn = await executions.start(config.pipelines[request.pipeline], documentId, executionInput);
      } catch (error) {
        throw new ServiceUnavailableError('The document pipeline could not be started; retry later', { cause: error });
      }
      logger.info('Document pipeline started', { document_id: documentId, pipeline: request.pipeline, content_type: request.contentType });
      return jsonResponse(202, { document_id: documentId, execution_arn: executionArn, pipeline: request.pipeline, status: 'RUNNING' });
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Document start failed', refused: 'Document refused' });
    }
  };
}
