/**
 * The knowledge base's sync routes (API Gateway REST, proxy integration):
 * - `POST /knowledge/sync` `{"description"?}` → `202 {"job_id", "status", …}`: starts an ingestion job,
 *   which indexes the documents added, changed or deleted under the data source's prefix since the
 *   last one (documents reach it through `POST /documents/uploads` with `"pipeline": "knowledge"`).
 *   `409` while another job runs.
 * - `GET /knowledge/sync/{jobId}` → `200 {"job_id", "status", "statistics", "failure_reasons"?, …}`;
 *   status `STARTING`, `IN_PROGRESS`, `COMPLETE`, `FAILED`, `STOPPING` or `STOPPED`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { callerUserId } from '../../auth/callerUserId.js';
import { BadRequestError, MethodNotAllowedError } from '../../lib/errors.js';
import { decodeBody, failureResponse, jsonResponse } from '../../lib/http.js';
import { parseJsonObjectBody } from '../../lib/jsonBody.js';
import type { IngestionJobs } from './ingestionJobs.js';

export interface SyncHandlerDependencies {
  jobs: IngestionJobs;
  logger: Logger;
}

export type SyncHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

const JOB_ID = /^[0-9a-zA-Z]{10}$/;
const MAX_DESCRIPTION = 200;

/** Validates a `POST /knowledge/sync` body (empty, or `{"description": "…"}`). @throws BadRequestError (400). */
export function parseSyncRequest(body: string | undefined): { description?: string } {
  if (body === undefined || body.trim() === '') return {};
  const fields = parseJsonObjectBody(body, '{"description": "nightly sync"}');
  const description = fields.description;
  if (description === undefined) return {};
  if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) throw new BadRequestError(`"description" must be a string of at most ${MAX_DESCRIPTION} characters`);
  return { description };
}

export function createSyncHandler({ jobs, logger }: SyncHandlerDependencies): SyncHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      const userId = callerUserId(event);
      if (event.httpMethod === 'POST') {
        const { description } = parseSyncRequest(decodeBody(event.body, event.isBase64Encoded));
        const job = await jobs.start(description);
        logger.info('Knowledge base ingestion started', { job_id: job.job_id, user_id: userId });
        return jsonResponse(202, job);
      }
      if (event.httpMethod === 'GET') {
        const jobId = event.pathParameters?.jobId ?? '';
        if (!JOB_ID.test(jobId)) throw new BadRequestError('"jobId" must be an ingestion job id (10 letters or digits)');
        return jsonResponse(200, await jobs.get(jobId));
      }
      throw new MethodNotAllowedError();
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Knowledge base sync failed', refused: 'Knowledge base sync refused' });
    }
  };
}
