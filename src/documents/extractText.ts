/**
 * The extract-text step: plain text as is, Markdown without its markup, PDF through `unpdf` (the
 * first pages only, see `pdfText.ts`). Text is normalised in linear time and cut to a maximum
 * length in characters and in bytes: the bytes count the text as JSON in UTF-8, as Step Functions
 * measures a state's payload, so the extracted text always fits the next states (256 KiB each).
 */
import type { DocumentInput, ExtractedText } from './documentTypes.js';
import { UnreadableDocumentError } from './errors.js';
import { markdownToText } from './markdownToText.js';
import { pdfText } from './pdfText.js';
import { trimBlanksBeforeNewlines } from './textScan.js';

export { UnreadableDocumentError } from './errors.js';

export interface ExtractLimits {
  /** Characters kept at most. */
  maxCharacters: number;
  /** UTF-8 bytes of the kept text once JSON-encoded, at most. */
  maxBytes: number;
  /** PDF pages read at most. */
  maxPdfPages: number;
}

/**
 * Extracts the text of a document.
 * @throws UnreadableDocumentError when there is no readable text (the state machine's Catch names it).
 */
export async function extractDocumentText(input: DocumentInput, limits: ExtractLimits): Promise<ExtractedText> {
  const raw = await rawText(input, limits);
  const text = normalise(raw.text);
  if (text === '') throw new UnreadableDocumentError('The document contains no text');
  const kept = cutToBytes(text.length > limits.maxCharacters ? text.slice(0, limits.maxCharacters) : text, limits.maxBytes);
  return { text: kept, characters: kept.length, truncated: raw.truncated || kept.length < text.length };
}

async function rawText(input: DocumentInput, limits: ExtractLimits): Promise<{ text: string; truncated: boolean }> {
  if (input.content_type === 'application/pdf') {
    if (!input.content_base64) throw new UnreadableDocumentError('A PDF must be sent as content_base64');
    const pdf = await pdfText(new Uint8Array(Buffer.from(input.content_base64, 'base64')), { maxPages: limits.maxPdfPages, maxCharacters: limits.maxCharacters });
    return { text: pdf.text, truncated: pdf.pagesRead < pdf.totalPages };
  }
  const text = input.text ?? decodeUtf8(input.content_base64 ?? '');
  return { text: input.content_type === 'text/markdown' ? markdownToText(text) : text, truncated: false };
}

function decodeUtf8(base64: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64'));
  } catch (error) {
    throw new UnreadableDocumentError('The document is not valid UTF-8 text', { cause: error });
  }
}

/** Line ends as `\n`, no control characters, no blanks at line ends, at most one empty line in a row. */
function normalise(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return trimBlanksBeforeNewlines(lines).replace(/\n{3,}/g, '\n\n').trim();
}

/** UTF-8 bytes of a string once JSON-encoded (quotes included). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

/** The longest prefix of `text` whose JSON encoding is at most `maxBytes` bytes (never splits a surrogate pair). */
function cutToBytes(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (jsonBytes(text.slice(0, middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  const code = text.charCodeAt(low - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, low - 1) : text.slice(0, low);
}
