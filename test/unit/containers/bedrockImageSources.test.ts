/**
 * The fake Bedrock's image holds only what its Dockerfile copies: every relative import of its
 * sources must land on a copied file, or the container dies at start while the embedded stack works.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const dockerfile = readFileSync(path.join(root, 'local/bedrock/Dockerfile'), 'utf8');
const copied = [...dockerfile.matchAll(/^COPY\s+(\S+)\s+\S+$/gm)].map((match) => path.join(root, match[1]));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/\bfrom\s+'(\.{1,2}\/[^']+)'/g)].map((match) => path.resolve(path.dirname(file), match[1].replace(/\.js$/, '.ts')));
}

describe('fake Bedrock image sources', () => {
  it('copies every module its sources import', () => {
    const missing = sourcesUnder(path.join(root, 'local/bedrock'))
      .flatMap((file) => relativeImports(file).map((target) => ({ file, target })))
      .filter(({ target }) => !copied.some((source) => target === source || target.startsWith(`${source}${path.sep}`)))
      .map(({ file, target }) => `${path.relative(root, file)} → ${path.relative(root, target)}`);
    expect(missing).toEqual([]);
  });
});
