/**
 * `POST /documents/uploads` (API Gateway REST, proxy integration): `{"content_type", "pipeline"?}` →
 * `201 {"document_id", "upload_url", "method": "PUT", "headers", "expires_in", "pipeline"}`. The client
 * PUTs the document to the presigned URL; its arrival in S3 starts the pipeline. With
 * `"pipeline": "knowledge"` the document goes to the knowledge base's data source instead, searchable
 * after the next ingestion (`POST /knowledge/sync`).
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { callerUserId } from '../../auth/callerUserId.js';
import { BadRequestError, ServiceUnavailableError } from '../../lib/errors.js';
import { decodeBody, failureResponse, jsonResponse } from '../../lib/http.js';
import { parseJsonObjectBody } from '../../lib/jsonBody.js';
import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from '../documentTypes.js';
import { UPLOAD_TARGETS, uploadKey, type UploadTarget } from './uploadKey.js';

export interface CreateUploadDependencies {
  bucket: string;
  /** Seconds the URL stays valid. */
  expiresIn: number;
  presigner: S3Client;
  logger: Logger;
  newDocumentId?: () => string;
}

export type CreateUploadHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Validates a `POST /documents/uploads` body. @throws BadRequestError (400). */
export function parseUploadRequest(body: string | undefined): { pipeline: UploadTarget; contentType: DocumentContentType } {
  const fields = parseJsonObjectBody(body, '{"content_type": "application/pdf", "pipeline": "summary"}');
  const pipeline = fields.pipeline ?? 'summary';
  if (!UPLOAD_TARGETS.includes(pipeline as UploadTarget)) throw new BadRequestError(`"pipeline" must be one of ${UPLOAD_TARGETS.join(', ')}`);
  const contentType = fields.content_type;
  if (!DOCUMENT_CONTENT_TYPES.includes(contentType as DocumentContentType)) throw new BadRequestError(`"content_type" must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}`);
  return { pipeline: pipeline as UploadTarget, contentType: contentType as DocumentContentType };
}

export function createUploadHandler({ bucket, expiresIn, presigner, logger, newDocumentId = randomUUID }: CreateUploadDependencies): CreateUploadHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      const owner = callerUserId(event);
      const request = parseUploadRequest(decodeBody(event.body, event.isBase64Encoded));
      const documentId = newDocumentId();
      const key = uploadKey({ pipeline: request.pipeline, owner, documentId, contentType: request.contentType });
      let url: string;
      try {
        // The content type is signed: the upload must send the same Content-Type header.
        url = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: request.contentType }), { expiresIn, signableHeaders: new Set(['content-type']) });
      } catch (error) {
        throw new ServiceUnavailableError('The upload URL could not be created; retry later', { cause: error });
      }
      logger.info('Document upload URL created', { document_id: documentId, pipeline: request.pipeline, content_type: request.contentType });
      return jsonResponse(201, { document_id: documentId, upload_url: url, method: 'PUT', headers: { 'content-type': request.contentType }, expires_in: expiresIn, pipeline: request.pipeline });
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Upload URL failed', refused: 'Upload refused' });
    }
  };
}
