/**
 * The extract-text step: plain text as is, Markdown without its markup, PDF through `unpdf`
 * (pdf.js, serverless build). Text is normalised and cut to a maximum length for the model.
 */
import { extractText as extractPdfText, getDocumentProxy } from 'unpdf';
import type { DocumentInput, ExtractedText } from './documentTypes.js';
import { markdownToText } from './markdownToText.js';

/** Raised for a document whose content cannot be read (bad PDF, not UTF-8, empty). */
export class UnreadableDocumentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableDocumentError';
  }
}

/**
 * Extracts the text of a document.
 * @throws UnreadableDocumentError when there is no readable text (the state machine's Catch names it).
 */
export async function extractDocumentText(input: DocumentInput, maxCharacters: number): Promise<ExtractedText> {
  const raw = await rawText(input);
  const text = normalise(raw);
  if (text === '') throw new UnreadableDocumentError('The document contains no text');
  const truncated = text.length > maxCharacters;
  const kept = truncated ? text.slice(0, maxCharacters) : text;
  return { text: kept, characters: kept.length, truncated };
}

async function rawText(input: DocumentInput): Promise<string> {
  if (input.content_type === 'application/pdf') {
    if (!input.content_base64) throw new UnreadableDocumentError('A PDF must be sent as content_base64');
    try {
      const pdf = await getDocumentProxy(new Uint8Array(Buffer.from(input.content_base64, 'base64')));
      const { text } = await extractPdfText(pdf, { mergePages: true });
      return text;
    } catch (error) {
      throw new UnreadableDocumentError(`The PDF could not be read: ${(error as Error).message}`, { cause: error });
    }
  }
  const text = input.text ?? decodeUtf8(input.content_base64 ?? '');
  return input.content_type === 'text/markdown' ? markdownToText(text) : text;
}

function decodeUtf8(base64: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64'));
  } catch (error) {
    throw new UnreadableDocumentError('The document is not valid UTF-8 text', { cause: error });
  }
}

function normalise(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

