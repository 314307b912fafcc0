/**
 * Lambda entry point of `ExtractTextFunction`, the first task of both document pipelines:
 * `DocumentInput` in, `ExtractedText` out. An uploaded document is read from S3 first. An unreadable
 * document fails the task with `UnreadableDocumentError`, which the state machines catch.
 */
import { s3Client } from '../../lib/clients.js';
import { logger } from '../../lib/logger.js';
import { readExtractConfig } from '../documentConfig.js';
import type { DocumentInput, ExtractedText } from '../documentTypes.js';
import { extractDocumentText } from '../extractText.js';
import { readDocumentObject } from '../s3DocumentReader.js';

const config = readExtractConfig();
const maxObjectBytes = Number(process.env.MAX_UPLOAD_BYTES ?? 20 * 1024 * 1024);

export async function handler(event: DocumentInput): Promise<ExtractedText> {
  const input = event.s3 ? { ...event, content_base64: (await readDocumentObject(s3Client(), event.s3, maxObjectBytes)).toString('base64') } : event;
  const extracted = await extractDocumentText(input, config);
  logger.info('Text extracted', { document_id: event.document_id, content_type: event.content_type, characters: extracted.characters, truncated: extracted.truncated });
  return extracted;
}
