import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflatedBytes } from '../../../src/documents/pdfStreamBudget.js';
import { makePdfPages } from '../../fixtures/makePdf.js';

const pdfWithStream = (data: Buffer) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj\n<< /Length 1 /Filter /FlateDecode >>\nstream\n'), data, Buffer.from('\nendstream\nendobj\n')]);

describe('inflatedBytes', () => {
  it('counts what the Flate streams expand to', () => {
    expect(inflatedBytes(makePdfPages([['x']], { inflatedPadding: 1_000 }), 1_000_000)).toBeGreaterThan(1_000);
  });

  it('stops past the budget', () => {
    expect(inflatedBytes(pdfWithStream(deflateSync(Buffer.alloc(5_000_000, 32))), 1_000_000)).toBe(1_000_001);
  });

  it('is not cut short by an `endstream` planted inside the compressed bytes', () => {
    // Prepare: stored (level 0) deflate keeps the planted keyword as is, right at the stream's start
    const data = deflateSync(Buffer.concat([Buffer.from('endstream'), Buffer.alloc(2_000_000, 32)]), { level: 0 });
    expect(data.includes('endstream')).toBe(true);
    // Act + Assess
    expect(inflatedBytes(pdfWithStream(data), 1_000_000)).toBe(1_000_001);
  });

  it('ignores streams that are not Flate and damaged Flate data', () => {
    const raw = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Length 5 >>\nstream\nhello\nendstream\nendobj\n');
    expect(inflatedBytes(raw, 10)).toBe(0);
    expect(inflatedBytes(pdfWithStream(Buffer.from('not flate data')), 10)).toBe(0);
  });
});
