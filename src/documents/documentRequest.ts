/**
 * Validates a `POST /documents` body: `{"text": "…"}` or `{"content_base64": "…", "content_type": …}`,
 * and an optional `"pipeline": "summary" | "analysis"` (default `summary`).
 */
import { BadRequestError, PayloadTooLargeError } from '../lib/errors.js';
import type { DocumentContentType, PipelineName } from './documentTypes.js';
import { DOCUMENT_CONTENT_TYPES, PIPELINES } from './documentTypes.js';
import { parseJsonObjectBody } from '../lib/jsonBody.js';
import { pdfRefusal } from './pdfRefusal.js';

export interface DocumentRequest {
  pipeline: PipelineName;
  contentType: DocumentContentType;
  text?: string;
  contentBase64?: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * @throws BadRequestError (400) for a malformed body, or a PDF that is not one or is encrypted;
 *   PayloadTooLargeError (413) for a document over `maxBytes` or a PDF that expands past the budget.
 */
export function parseDocumentRequest(body: string | undefined, maxBytes: number): DocumentRequest {
  const fields = parseJsonObjectBody(body, '{"text": "..."} or {"content_base64": "...", "content_type": "application/pdf"}');

  const pipeline = fields.pipeline ?? 'summary';
  if (!PIPELINES.includes(pipeline as PipelineName)) throw new BadRequestError(`"pipeline" must be one of ${PIPELINES.join(', ')}`);

  const hasText = fields.text !== undefined;
  const hasBase64 = fields.content_base64 !== undefined;
  if (hasText === hasBase64) throw new BadRequestError('Send exactly one of "text" or "content_base64"');

  const contentType = fields.content_type ?? 'text/plain';
  if (!DOCUMENT_CONTENT_TYPES.includes(contentType as DocumentContentType)) {
    throw new BadRequestError(`"content_type" must be one of ${DOCUMENT_CONTENT_TYPES.join(', ')}`);
  }

  if (hasText) {
    if (typeof fields.text !== 'string' || fields.text.trim() === '') throw new BadRequestError('"text" must be a non-empty string');
    if (contentType === 'application/pdf') throw new BadRequestError('A PDF must be sent as "content_base64"');
    if (Buffer.byteLength(fields.text) > maxBytes) throw new PayloadTooLargeError(`The document is larger than ${maxBytes} bytes`);
    return { pipeline: pipeline as PipelineName, contentType: contentType as DocumentContentType, text: fields.text };
  }
  if (typeof fields.content_base64 !== 'string') throw new BadRequestError('"content_base64" must be a base64 string');
  const compact = fields.content_base64.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !BASE64.test(compact)) throw new BadRequestError('"content_base64" is not valid base64');
  if ((compact.length / 4) * 3 - (compact.match(/=+$/)?.[0].length ?? 0) > maxBytes) {
    throw new PayloadTooLargeError(`The document is larger than ${maxBytes} bytes`);
  }
  if (contentType === 'application/pdf') {
    const refusal = pdfRefusal(Buffer.from(compact, 'base64'));
    if (refusal?.startsWith('The PDF expands')) throw new PayloadTooLargeError(refusal);
    if (refusal) throw new BadRequestError(refusal);
  }
  return { pipeline: pipeline as PipelineName, contentType: contentType as DocumentContentType, contentBase64: compact };
}
