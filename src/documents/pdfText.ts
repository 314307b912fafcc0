/**
 * PDF text through `unpdf` (pdf.js, serverless build), bounded before the work is done: encrypted
 * PDFs and PDFs whose compressed streams expand past a budget are refused unopened, pages are read one at a time up to `maxPages`, and reading stops as
 * soon as `maxCharacters` of text are in hand (unpdf's own `extractText` reads every page at once,
 * which is what ran a function out of memory on a PDF of many pages).
 */
import { getDocumentProxy } from 'unpdf';
import { UnreadableDocumentError } from './errors.js';
import { pdfRefusal } from './pdfRefusal.js';

export interface PdfLimits {
  /** Pages read at most; the rest are ignored (the result says so). */
  maxPages: number;
  /** Reading stops once this many characters were extracted. */
  maxCharacters: number;
  /** Bytes the PDF's compressed streams may expand to, all together (default 32 MiB, see `pdfRefusal.ts`). */
  maxInflatedBytes?: number;
}

export interface PdfText {
  text: string;
  pagesRead: number;
  totalPages: number;
}

/**
 * The text of a PDF's first pages.
 * @throws UnreadableDocumentError for an encrypted, malformed or empty PDF (the reason is safe to show).
 */
export async function pdfText(bytes: Uint8Array, limits: PdfLimits): Promise<PdfText> {
  const refusal = pdfRefusal(bytes, limits.maxInflatedBytes);
  if (refusal) throw new UnreadableDocumentError(refusal);
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes, { isEvalSupported: false, stopAtErrors: true, disableFontFace: true });
  } catch (error) {
    throw unreadable(error);
  }
  try {
    const parts: string[] = [];
    let characters = 0;
    let pagesRead = 0;
    const lastPage = Math.min(pdf.numPages, limits.maxPages);
    while (pagesRead < lastPage && characters < limits.maxCharacters) {
      pagesRead += 1;
      const page = await pdf.getPage(pagesRead);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      page.cleanup();
      parts.push(text);
      characters += text.length;
    }
    return { text: parts.join('\n'), pagesRead, totalPages: pdf.numPages };
  } catch (error) {
    throw unreadable(error);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}

function unreadable(error: unknown): UnreadableDocumentError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return new UnreadableDocumentError('The PDF is encrypted; send it without a password or encryption', { cause: error });
  return new UnreadableDocumentError('The PDF could not be read: it is damaged or not a valid PDF', { cause: error });
}
