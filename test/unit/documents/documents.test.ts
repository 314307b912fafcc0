import { describe, expect, it } from 'vitest';
import { combineResults, readKeywords, readSentiment } from '../../../src/documents/combineResults.js';
import { parseDocumentRequest } from '../../../src/documents/documentRequest.js';
import { extractDocumentText } from '../../../src/documents/extractText.js';
import { markdownToText } from '../../../src/documents/markdownToText.js';
import { makePdf, makePdfPages } from '../../fixtures/makePdf.js';

describe('markdownToText', () => {
  it('removes markup and keeps the words', () => {
    const markdown = '# Title\n\n- **Bold** and _italic_ with `code`\n> quoted [link](http://x) ![alt](i.png)\n\n```js\nconst a = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---';
    expect(markdownToText(markdown)).toBe('Title\n\nBold and italic with code\nquoted link alt\n\nconst a = 1;\n\na  b\n1  2');
  });
});

describe('parseDocumentRequest', () => {
  it('accepts text and base64 documents, defaulting to the summary pipeline', () => {
    expect(parseDocumentRequest('{"text":"hi"}', 100)).toEqual({ pipeline: 'summary', contentType: 'text/plain', text: 'hi' });
    const pdf = makePdf(['hi']).toString('base64');
    expect(parseDocumentRequest(`{"content_base64":"${pdf}","content_type":"application/pdf","pipeline":"analysis"}`, 10_000)).toEqual({
      pipeline: 'analysis',
      contentType: 'application/pdf',
      contentBase64: pdf,
    });
    expect(parseDocumentRequest('{"content_base64":"aGk="}', 100)).toMatchObject({ contentType: 'text/plain', contentBase64: 'aGk=' });
  });

  it('refuses malformed, ambiguous, unsupported and oversized documents', () => {
    const status = (body: string, max = 100) => {
      try {
        parseDocumentRequest(body, max);
        return 200;
      } catch (error) {
        return (error as { statusCode: number }).statusCode;
      }
    };
    expect(status('nope')).toBe(400);
    expect(status('{"text":"a","content_base64":"YQ=="}')).toBe(400);
    expect(status('{"text":"  "}')).toBe(400);
    expect(status('{"text":"a","content_type":"application/pdf"}')).toBe(400);
    expect(status('{"content_base64":"not base64!"}')).toBe(400);
    expect(status('{"text":"a","pipeline":"other"}')).toBe(400);
    expect(status('{"text":"abcdef"}', 5)).toBe(413);
    expect(status('{"content_base64":"YWJjZGVm"}', 5)).toBe(413);
    // PDFs refused before any pipeline starts: not a PDF, encrypted, expanding past the budget
    const pdfBody = (bytes: Buffer) => JSON.stringify({ content_base64: bytes.toString('base64'), content_type: 'application/pdf' });
    expect(status(pdfBody(Buffer.from('PK\u0003\u0004')), 200_000)).toBe(400);
    expect(status(pdfBody(makePdfPages([['x']], { encrypted: true })), 200_000)).toBe(400);
    expect(status(pdfBody(makePdfPages([['x']], { inflatedPadding: 40 * 1024 * 1024 })), 200_000)).toBe(413);
  });
});

describe('extractDocumentText', () => {
  const base = { document_id: 'd', owner: 'o', pipeline: 'summary' as const };
  const limits = (maxCharacters: number) => ({ maxCharacters, maxBytes: 200_000, maxPdfPages: 100 });

  it('reads plain text, Markdown and PDF, cutting to the maximum', async () => {
    expect(await extractDocumentText({ ...base, content_type: 'text/plain', text: ' Hello \r\n\r\n\r\n\r\nworld ' }, limits(100))).toEqual({ text: 'Hello\n\nworld', characters: 12, truncated: false });
    expect((await extractDocumentText({ ...base, content_type: 'text/markdown', text: '## **Hi**' }, limits(100))).text).toBe('Hi');
    const pdf = makePdf(['Page text here.']).toString('base64');
    expect((await extractDocumentText({ ...base, content_type: 'application/pdf', content_base64: pdf }, limits(100))).text).toBe('Page text here.');
    expect(await extractDocumentText({ ...base, content_type: 'text/plain', text: 'abcdef' }, limits(3))).toEqual({ text: 'abc', characters: 3, truncated: true });
  });

  it('fails with UnreadableDocumentError on a broken PDF or an empty document', async () => {
    await expect(extractDocumentText({ ...base, content_type: 'application/pdf', content_base64: Buffer.from('junk').toString('base64') }, limits(100))).rejects.toMatchObject({ name: 'UnreadableDocumentError' });
    await expect(extractDocumentText({ ...base, content_type: 'text/markdown', text: '---' }, limits(100))).rejects.toMatchObject({ name: 'UnreadableDocumentError' });
  });
});

describe('combineResults', () => {
  it('reads JSON answers, and falls back on free text', () => {
    expect(readSentiment('Sure! {"sentiment": "Negative", "explanation": "Delays."}')).toEqual({ label: 'negative', explanation: 'Delays.' });
    expect(readSentiment('Overall the tone is mixed.').label).toBe('mixed');
    expect(readKeywords('{"keywords": ["a", "b", "a"]}')).toEqual(['a', 'b']);
    expect(readKeywords('- launch\n- pricing, customers')).toEqual(['launch', 'pricing', 'customers']);
    const combined = combineResults({
      document_id: 'd',
      characters: 10,
      sentiment: { content: [{ type: 'text', text: '{"sentiment":"positive","explanation":"Good."}' }] },
      keywords: { content: [{ type: 'text', text: '{"keywords":["x"]}' }] },
    });
    expect(combined).toEqual({ document_id: 'd', characters: 10, sentiment: { label: 'positive', explanation: 'Good.' }, keywords: ['x'] });
  });
});
