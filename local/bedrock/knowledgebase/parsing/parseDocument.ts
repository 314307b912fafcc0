import { extname } from 'node:path';

/**
 * The file types Bedrock's default parser reads from an S3 data source, and the size limit
 * (Bedrock user guide, "Prerequisites for your Amazon Bedrock knowledge base data", read 2026-12-07:
 * .txt, .md, .html, .doc/.docx, .csv, .xls/.xlsx, .pdf; 50 MB per file).
 */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

/** A document the ingestion counts as failed; the message is its failure reason. */
export class DocumentParseError extends Error {
  override readonly name = 'DocumentParseError';
}

/** Each format's library is loaded when a document of that format is first parsed, not at every start (mammoth and html-to-text alone took ~0.2 s of CPU to load). */
type Parser = (body: Uint8Array) => Promise<string>;

const utf8 = async (body: Uint8Array): Promise<string> => Buffer.from(body).toString('utf8');

const PARSERS: Record<string, Parser> = {
  '.txt': utf8,
  '.md': utf8,
  '.markdown': utf8,
  // CSV is read as text, one row a line, as the default parser does without a record structure.
  '.csv': utf8,
  '.html': async (body) => (await import('html-to-text')).convert(Buffer.from(body).toString('utf8'), { wordwrap: false, selectors: [{ selector: 'a', options: { ignoreHref: true } }, { selector: 'img', format: 'skip' }] }),
  '.htm': async (body) => PARSERS['.html'](body),
  '.pdf': async (body) => {
    const { extractText, getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(body));
    const { text } = await extractText(pdf, { mergePages: true });
    return text;
  },
  '.docx': async (body) => (await (await import('mammoth')).default.extractRawText({ buffer: Buffer.from(body) })).value,
};

/** Types Bedrock parses that the local parser does not (legacy binary Office formats). */
const NOT_PARSED_LOCALLY = new Set(['.doc', '.xls', '.xlsx']);

/** Whether a key names a document ingestion reads (anything but a metadata sidecar is scanned). */
export function documentTypeOf(key: string): string {
  return extname(key).toLowerCase();
}

/** The text of an S3 object, or a {@link DocumentParseError} naming why it was not indexed. */
export async function parseDocument(key: string, uri: string, body: Uint8Array): Promise<string> {
  if (body.byteLength > MAX_DOCUMENT_BYTES) throw new DocumentParseError(`The file ${uri} exceeds the maximum file size of 50 MB.`);
  const type = documentTypeOf(key);
  const parser = PARSERS[type];
  if (!parser) {
    if (NOT_PARSED_LOCALLY.has(type)) throw new DocumentParseError(`The file ${uri} was not parsed: the local knowledge base does not parse ${type} files (Amazon Bedrock does).`);
    throw new DocumentParseError(`The file ${uri} has an unsupported file format and was skipped.`);
  }
  try {
    return await parser(body);
  } catch (error) {
    throw new DocumentParseError(`The file ${uri} could not be parsed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
