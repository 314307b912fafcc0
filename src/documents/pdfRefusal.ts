/**
 * The checks a PDF must pass before it is opened, cheap enough for `POST /documents` to answer 4xx
 * before a pipeline starts, and repeated by the extract step (documents may reach it another way).
 * No pdf.js here: the start function does not bundle it.
 */
import type { UnreadableReason } from './errors.js';
import { inflatedBytes } from './pdfStreamBudget.js';

/** The default budget for what a PDF's compressed streams may expand to, all together. */
export const DEFAULT_MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/**
 * Why a PDF is refused unopened (not a PDF, encrypted: an `/Encrypt` dictionary pdf.js would try to
 * decrypt, or compressed streams expanding past the budget), or undefined.
 */
export function pdfRefusal(bytes: Uint8Array, maxInflatedBytes = DEFAULT_MAX_INFLATED_BYTES): UnreadableReason | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buffer.subarray(0, 1024).includes('%PDF-')) return 'The document is not a PDF';
  if (buffer.includes('/Encrypt')) return 'The PDF is encrypted; send it without a password or encryption';
  if (inflatedBytes(buffer, maxInflatedBytes) > maxInflatedBytes) return 'The PDF expands to more data than the pipeline reads; send a smaller PDF';
  return undefined;
}
