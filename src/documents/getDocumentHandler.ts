/**
 * `GET /documents/{id}`: the pipeline's status and, once it has ended, its output or error.
 * Another user's document, or an unknown id, is a 404 that reveals nothing. A failure is shown as
 * a stable `{code, message}` (see `errors.ts`), never the execution's raw `Error`/`Cause` (a
 * Lambda's cause holds its stack trace and file paths); the raw failure is logged here.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { callerUserId } from '../auth/callerUserId.js';
import { NotFoundError, ServiceUnavailableError } from '../lib/errors.js';
import { failureResponse, jsonResponse } from '../lib/http.js';
import type { PipelineConfig } from './documentConfig.js';
import type { DocumentInput, PipelineName } from './documentTypes.js';
import { PIPELINES } from './documentTypes.js';
import { publicPipelineError } from './errors.js';
import type { ExecutionDescription, PipelineExecutions } from './pipelineExecutions.js';
import { executionArnOf } from './pipelineExecutions.js';

const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface GetDocumentDependencies {
  config: PipelineConfig;
  executions: PipelineExecutions;
  logger: Logger;
}

export type GetDocumentHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export function createGetDocumentHandler({ config, executions, logger }: GetDocumentDependencies): GetDocumentHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      const userId = callerUserId(event);
      const documentId = event.pathParameters?.id ?? '';
      if (!DOCUMENT_ID.test(documentId)) throw new NotFoundError('Document not found');
      const found = await findExecution(executions, config, documentId);
      if (!found || ownerOf(found.execution) !== userId) throw new NotFoundError('Document not found');
      const { execution, pipeline } = found;
      const error = publicPipelineError(execution.status, execution.error, execution.cause);
      if (error) {
        logger.warn('Document pipeline did not succeed', { document_id: documentId, status: execution.status, code: error.code, error: execution.error, cause: execution.cause });
      }
      return jsonResponse(200, {
        document_id: documentId,
        pipeline,
        status: execution.status,
        started_at: execution.startDate?.toISOString(),
        ...(execution.stopDate ? { stopped_at: execution.stopDate.toISOString() } : {}),
        ...(execution.output !== undefined ? { output: JSON.parse(execution.output) as unknown } : {}),
        ...(error ? { error } : {}),
      });
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Document status failed' });
    }
  };
}

async function findExecution(
  executions: PipelineExecutions,
  config: PipelineConfig,
  documentId: string,
): Promise<{ execution: ExecutionDescription; pipeline: PipelineName } | undefined> {
  for (const pipeline of PIPELINES) {
    let execution: ExecutionDescription | undefined;
    try {
      execution = await executions.describe(executionArnOf(config.pipelines[pipeline], documentId));
    } catch (error) {
      throw new ServiceUnavailableError('The document status could not be read; retry later', { cause: error });
    }
    if (execution) return { execution, pipeline };
  }
  return undefined;
}

function ownerOf(execution: ExecutionDescription): string | undefined {
  try {
    return (JSON.parse(execution.input ?? '{}') as Partial<DocumentInput>).owner;
  } catch {
    return undefined;
  }
}
