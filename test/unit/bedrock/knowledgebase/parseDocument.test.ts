import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../../../../local/bedrock/knowledgebase/parsing/parseDocument.js';
import { makeDocx } from '../../../fixtures/makeDocx.js';
import { makePdf } from '../../../fixtures/makePdf.js';

const parse = (key: string, body: string | Uint8Array) => parseDocument(key, `s3://b/${key}`, typeof body === 'string' ? Buffer.from(body) : body);

describe('document parsing (the file types Bedrock parses)', () => {
  it('reads text, Markdown and CSV as they are', async () => {
    expect(await parse('a.txt', 'plain text')).toBe('plain text');
    expect(await parse('a.md', '# Title\n\nBody')).toBe('# Title\n\nBody');
    expect(await parse('a.csv', 'name,age\nAda,36')).toBe('name,age\nAda,36');
  });

  it('strips HTML tags, scripts and styles', async () => {
    const text = await parse('page.HTML', '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><h1>Refunds</h1><p>Within <b>30 days</b>.</p></body></html>');
    expect(text).toContain('30 days');
    expect(text).toContain('REFUNDS');
    expect(text).not.toMatch(/alert|color|<p>|<b>/);
  });

  it('extracts the text of a PDF and of a Word document', async () => {
    expect(await parse('report.pdf', makePdf(['Quarterly revenue grew.', 'Costs fell.']))).toContain('Quarterly revenue grew.');
    expect(await parse('memo.docx', makeDocx(['Holiday policy', 'Twenty five days a year.']))).toContain('Twenty five days a year.');
  });

  it('refuses unsupported types, types only AWS parses, broken files and files over 50 MB with a reason', async () => {
    await expect(parse('logo.png', 'x')).rejects.toThrow('The file s3://b/logo.png has an unsupported file format and was skipped.');
    await expect(parse('old.doc', 'x')).rejects.toThrow('does not parse .doc files');
    await expect(parse('broken.pdf', 'not a pdf')).rejects.toThrow('The file s3://b/broken.pdf could not be parsed');
    await expect(parse('huge.txt', new Uint8Array(MAX_DOCUMENT_BYTES + 1))).rejects.toThrow('exceeds the maximum file size of 50 MB');
  });
});
