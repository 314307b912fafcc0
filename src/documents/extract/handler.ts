/**
 * Lambda entry point of `ExtractTextFunction`, the first task of both document pipelines:
 * `DocumentInput` in, `ExtractedText` out. An unreadable document fails the task with
 * `UnreadableDocumentError`, which the state machines catch.
 */
import { logger } from '../../lib/logger.js';
import { readExtractConfig } from '../documentConfig.js';
import type { DocumentInput, ExtractedText } from '../documentTypes.js';
import { extractDocumentText } from '../extractText.js';

const config = readExtractConfig();

export async function handler(event: DocumentInput): Promise<ExtractedText> {
  const extracted = await extractDocumentText(event, config);
  logger.info('Text extracted', { document_id: event.document_id, content_type: event.content_type, characters: extracted.characters, truncated: extracted.truncated });
  return extracted;
}
