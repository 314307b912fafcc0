/**
 * Documents cost what their size says: text cleaning runs in linear time on crafted input (each case
 * took 9–28 s with the earlier quadratic patterns), PDFs are read page by page up to a cap, and
 * encrypted or malformed PDFs are refused with a fixed, safe reason. No timing is asserted: a case
 * that regressed to quadratic time fails by the (generous) test timeout instead.
 */
import { describe, expect, it } from 'vitest';
import { extractDocumentText } from '../../../src/documents/extractText.js';
import { UNREADABLE_REASONS } from '../../../src/documents/errors.js';
import { makePdfPages } from '../../fixtures/makePdf.js';

const N = 150_000;
/**
 * Generous for linear work (all cleaning cases together take well under a second here), short of
 * what the quadratic patterns took on these inputs (9–28 s each): a regression fails by timeout.
 */
const CLEANING_TIMEOUT_MS = 5_000;
const base = { document_id: 'd', owner: 'o', pipeline: 'summary' as const };
const limits = { maxCharacters: 150_000, maxBytes: 200_000, maxPdfPages: 100 };

/** Each input defeats one earlier pattern; `expected` is the start of the cleaned text. */
const hostileMarkdown: { name: string; text: string; expected: string }[] = [
  { name: 'a run of blanks before a character (trailing-blank and closing-hash patterns)', text: ' '.repeat(N) + 'x', expected: 'x' },
  { name: 'blanks and tabs before a character', text: ' \t'.repeat(N / 2) + 'x', expected: 'x' },
  { name: 'unclosed image openers', text: '!['.repeat(N / 2), expected: '![![' },
  { name: 'unclosed link openers', text: '['.repeat(N), expected: '[[[[' },
  { name: 'unclosed HTML tags', text: '<'.repeat(N), expected: '<<<<' },
  { name: 'unclosed italics', text: '*a '.repeat(N / 3), expected: 'a a a' },
  { name: 'a table separator then blanks', text: '|---' + ' '.repeat(N) + 'x', expected: '---' },
  { name: 'image and link texts without targets', text: '![a]('.repeat(N / 5), expected: '![a](' },
];

describe('text cleaning in linear time', () => {
  for (const { name, text, expected } of hostileMarkdown) {
    it(`cleans ${name} (Markdown and plain text)`, { timeout: CLEANING_TIMEOUT_MS }, async () => {
      // Act
      const markdown = await extractDocumentText({ ...base, content_type: 'text/markdown', text }, limits);
      const plain = await extractDocumentText({ ...base, content_type: 'text/plain', text: `${text}\n${text}` }, limits);
      // Assess
      expect(markdown.text.startsWith(expected)).toBe(true);
      expect(plain.text.length).toBeGreaterThan(0);
    });
  }

  it('drops blanks at line ends in plain text, however long the run', { timeout: CLEANING_TIMEOUT_MS }, async () => {
    const text = `a${' '.repeat(N)}\nb${'\t'.repeat(N)}`;
    const result = await extractDocumentText({ ...base, content_type: 'text/plain', text }, limits);
    expect(result.text).toBe('a\nb');
  });
});

describe('bounded text', () => {
  it('cuts the text to the byte budget counted as JSON in UTF-8, never splitting a character', async () => {
    // Prepare: quotes double in JSON, three-byte characters triple
    const quotes = '"'.repeat(10_000);
    const cjk = '文'.repeat(10_000);
    // Act
    const a = await extractDocumentText({ ...base, content_type: 'text/plain', text: quotes }, { ...limits, maxBytes: 1_002 });
    const b = await extractDocumentText({ ...base, content_type: 'text/plain', text: `${cjk}😀` }, { ...limits, maxBytes: 30_003 });
    // Assess
    expect(a).toEqual({ text: '"'.repeat(500), characters: 500, truncated: true });
    expect(b).toEqual({ text: cjk, characters: 10_000, truncated: true });
  });
});

describe('PDF caps and refusals', () => {
  it('reads only the first pages of a PDF and says it was cut', async () => {
    const pages = Array.from({ length: 30 }, (_, i) => [`Page ${i + 1} text.`]);
    const pdf = makePdfPages(pages).toString('base64');
    const result = await extractDocumentText({ ...base, content_type: 'application/pdf', content_base64: pdf }, { ...limits, maxPdfPages: 3 });
    expect(result.text).toBe('Page 1 text.\nPage 2 text.\nPage 3 text.');
    expect(result.truncated).toBe(true);
  });

  it('stops reading pages once the character budget is reached', async () => {
    const pages = Array.from({ length: 50 }, (_, i) => [`${'x'.repeat(90)} ${i + 1}`]);
    const pdf = makePdfPages(pages).toString('base64');
    const result = await extractDocumentText({ ...base, content_type: 'application/pdf', content_base64: pdf }, { ...limits, maxCharacters: 150 });
    expect(result).toMatchObject({ characters: 150, truncated: true });
    expect(result.text.split('\n')).toHaveLength(2);
  });

  it('reads a compressed PDF within the inflate budget', async () => {
    const pdf = makePdfPages([['Compressed page.']], { inflatedPadding: 1_000 }).toString('base64');
    expect((await extractDocumentText({ ...base, content_type: 'application/pdf', content_base64: pdf }, limits)).text).toBe('Compressed page.');
  });

  it.each([
    ['a PDF whose 60 KB expand to 64 MB', makePdfPages([['bomb']], { inflatedPadding: 64 * 1024 * 1024 }), 'The PDF expands to more data than the pipeline reads; send a smaller PDF'],
    ['an encrypted PDF', makePdfPages([['secret']], { encrypted: true }), 'The PDF is encrypted; send it without a password or encryption'],
    ['a truncated PDF', makePdfPages([['cut short']]).subarray(0, 200), 'The PDF could not be read: it is damaged or not a valid PDF'],
    ['bytes that are not a PDF', Buffer.from('PK\u0003\u0004 not a pdf'), 'The document is not a PDF'],
  ])('refuses %s with a fixed reason', async (_name, bytes, reason) => {
    const attempt = extractDocumentText({ ...base, content_type: 'application/pdf', content_base64: bytes.toString('base64') }, limits);
    await expect(attempt).rejects.toMatchObject({ name: 'UnreadableDocumentError', message: reason });
    expect(UNREADABLE_REASONS).toContain(reason);
  });
});
