import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const loader = pathToFileURL(path.resolve(import.meta.dirname, '../../../bin/runWithCodeCache.mjs')).href;
const work = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `file` through the loader in a fresh Node, as the bin does; prints whether V8 took a cache, then the program's output. */
async function runInNode(file: string, cacheDir: string): Promise<string> {
  const program = `import(${JSON.stringify(loader)}).then(({ runWithCodeCache }) => console.log('cache taken:', runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)})))`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', program]);
  return stdout;
}

describe('runWithCodeCache', () => {
  it('runs a CommonJS file as require would, and the next run takes the code cache the first left', async () => {
    // Prepare: a script with a shebang that uses require, module and __dirname.
    const file = path.join(work, 'cli.cjs');
    writeFileSync(
      file,
      [
        '#!/usr/bin/env node',
        "const { basename } = require('node:path');",
        "module.exports = 'ok';",
        "console.log('dir:', basename(__dirname), 'exports:', module.exports);",
      ].join('\n'),
    );
    const cacheDir = path.join(work, 'cache');

    // Act
    const first = await runInNode(file, cacheDir);
    const cached = readdirSync(path.join(cacheDir, 'code-cache'));
    const second = await runInNode(file, cacheDir);

    // Assess
    expect(first).toBe(`dir: ${path.basename(work)} exports: ok\ncache taken: false\n`);
    expect(cached).toEqual([expect.stringMatching(/^cli\.cjs-[0-9a-f]+\.bin$/)]);
    expect(second).toBe(`dir: ${path.basename(work)} exports: ok\ncache taken: true\n`);
  });

  it('replaces the cache of an earlier build of the file', async () => {
    const file = path.join(work, 'rebuilt.cjs');
    const cacheDir = path.join(work, 'rebuilt-cache');
    writeFileSync(file, 'module.exports = 1;');
    await runInNode(file, cacheDir);
    writeFileSync(file, 'module.exports = 22;');

    const output = await runInNode(file, cacheDir);

    expect(output).toBe('cache taken: false\n');
    expect(readdirSync(path.join(cacheDir, 'code-cache'))).toHaveLength(1);
  });
});
