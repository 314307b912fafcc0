/**
 * The S3 key of an uploaded document says what the pipeline needs to start without another call:
 * `uploads/<pipeline>/<owner, URI-encoded>/<document id>.<txt|md|pdf>`. A document for the knowledge
 * base goes to `knowledge/<owner, URI-encoded>/<document id>.<ext>` instead: the prefix the template's
 * data source includes, outside `uploads/` (no pipeline starts, no 30-day expiry).
 */
import { DOCUMENT_CONTENT_TYPES, PIPELINES, type DocumentContentType, type PipelineName } from '../documentTypes.js';

export const UPLOAD_PREFIX = 'uploads/';
/** The knowledge base data source's inclusion prefix (template.yaml, `KnowledgeDataSource`). */
export const KNOWLEDGE_PREFIX = 'knowledge/';

/** Where an upload goes: one of the pipelines, or the knowledge base. */
export const UPLOAD_TARGETS = [...PIPELINES, 'knowledge'] as const;
export type UploadTarget = (typeof UPLOAD_TARGETS)[number];

const EXTENSIONS: Record<DocumentContentType, string> = { 'text/plain': 'txt', 'text/markdown': 'md', 'application/pdf': 'pdf' };

export interface UploadedDocument {
  pipeline: PipelineName;
  owner: string;
  documentId: string;
  contentType: DocumentContentType;
}

export function uploadKey(document: Omit<UploadedDocument, 'pipeline'> & { pipeline: UploadTarget }): string {
  const file = `${encodeURIComponent(document.owner)}/${document.documentId}.${EXTENSIONS[document.contentType]}`;
  return document.pipeline === 'knowledge' ? `${KNOWLEDGE_PREFIX}${file}` : `${UPLOAD_PREFIX}${document.pipeline}/${file}`;
}

/** The document a key names, or undefined for a key this app did not hand out. */
export function parseUploadKey(key: string): UploadedDocument | undefined {
  const match = /^uploads\/([^/]+)\/([^/]+)\/([0-9a-f-]{36})\.(txt|md|pdf)$/.exec(key);
  if (!match) return undefined;
  const [, pipeline, owner, documentId, extension] = match;
  const contentType = DOCUMENT_CONTENT_TYPES.find((type) => EXTENSIONS[type] === extension);
  if (!contentType || !PIPELINES.includes(pipeline as PipelineName)) return undefined;
  try {
    return { pipeline: pipeline as PipelineName, owner: decodeURIComponent(owner), documentId, contentType };
  } catch {
    return undefined;
  }
}

/** An `S3Event` record's key is URL-encoded as a form is (`+` for a space). */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}
