/**
 * A PDF's compressed streams, inflated under a byte budget before pdf.js sees the file: 150 KB of
 * Flate data can expand a thousandfold, and pdf.js would hold the result in memory while it parses
 * (what ran a function out of memory at 1 GB). Each `stream … endstream` whose dictionary names
 * `/FlateDecode` is inflated with zlib's `maxOutputLength`, so the work stops at the budget.
 */
import { constants, inflateSync } from 'node:zlib';

const STREAM = Buffer.from('stream');
const END_STREAM = Buffer.from('endstream');

/** Bytes the Flate streams of `pdf` expand to, stopping (and returning more than `budget`) once past `budget`. */
export function inflatedBytes(pdf: Buffer, budget: number): number {
  let total = 0;
  let from = 0;
  for (;;) {
    const keyword = pdf.indexOf(STREAM, from);
    if (keyword < 0) return total;
    const end = pdf.indexOf(END_STREAM, keyword + STREAM.length);
    if (end < 0) return total;
    from = end + END_STREAM.length;
    const dictionary = pdf.subarray(Math.max(0, pdf.lastIndexOf('<<', keyword)), keyword).toString('latin1');
    if (!dictionary.includes('/FlateDecode')) continue;
    let start = keyword + STREAM.length;
    if (pdf[start] === 0x0d) start += 1;
    if (pdf[start] === 0x0a) start += 1;
    try {
      // From the stream's start to the end of the file: zlib stops where the Flate data ends, so an
      // `endstream` planted inside the compressed bytes cannot cut the count short.
      total += inflateSync(pdf.subarray(start), { maxOutputLength: budget - total + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return budget + 1;
      // a damaged stream: pdf.js decides what it makes of it
    }
    if (total > budget) return total;
  }
}
