import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedBuild, prune, storeBundle, type BundleOptions } from '../../../local/runtime/BundleCache.js';

const esbuildCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('esbuild', async (importOriginal) => {
  const real = await importOriginal<typeof Esbuild>();
  return { ...real, build: (options: Parameters<typeof real.build>[0]) => (esbuildCalls.count++, real.build(options)) };
});

const root = mkdtempSync(join(tmpdir(), 'bundle-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh project (handler + helper) and cache folder per test. */
function project(): { options: BundleOptions; cacheDir: string; dir: string } {
  const dir = mkdtempSync(join(root, 'project-'));
  writeFileSync(join(dir, 'helper.ts'), 'export const greeting = (name: string) => `hello ${name}`;\n');
  writeFileSync(join(dir, 'handler.ts'), "import { greeting } from './helper';\nexport const handler = async () => greeting('world');\n");
  const options: BundleOptions = { absWorkingDir: dir, entryPoints: [join(dir, 'handler.ts')], outdir: join(dir, 'out'), bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent' };
  return { options, cacheDir: join(dir, 'cache'), dir };
}

const text = (bundle: { outputFiles: { contents: Uint8Array }[] }) => Buffer.from(bundle.outputFiles[0].contents).toString();

describe('cachedBuild', () => {
  beforeEach(() => {
    esbuildCalls.count = 0;
  });

  it('answers a second build of unchanged sources from the cache, with the same outputs and metafile', async () => {
    const { options, cacheDir } = project();
    const first = await cachedBuild(options, cacheDir);
    const second = await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(1);
    expect(second.outputFiles.map((f) => f.path)).toEqual(first.outputFiles.map((f) => f.path));
    expect(text(second)).toBe(text(first));
    expect(Object.keys(second.metafile.inputs)).toEqual(Object.keys(first.metafile.inputs));
  });

  it("keeps in a hit's metafile the project's inputs, not the installed packages' files", async () => {
    const { options, cacheDir, dir } = project();
    mkdirSync(join(dir, 'node_modules', 'shout'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'shout', 'index.js'), 'export const shout = (text) => text.toUpperCase();\n');
    writeFileSync(join(dir, 'handler.ts'), "import { shout } from 'shout';\nimport { greeting } from './helper';\nexport const handler = async () => shout(greeting('world'));\n");
    const first = await cachedBuild(options, cacheDir);
    const hit = await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(1);
    expect(Object.keys(first.metafile.inputs)).toContain('node_modules/shout/index.js');
    expect(Object.keys(hit.metafile.inputs).sort()).toEqual(['handler.ts', 'helper.ts']);
    expect(text(hit)).toBe(text(first));
  });

  it('builds again when an input file (not only the entry point) changed', async () => {
    const { options, cacheDir, dir } = project();
    await cachedBuild(options, cacheDir);
    writeFileSync(join(dir, 'helper.ts'), 'export const greeting = (name: string) => `bonjour ${name}`;\n');
    const rebuilt = await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(2);
    expect(text(rebuilt)).toContain('bonjour');
  });

  it('builds again when a file added beside an input changes what an import resolves to', async () => {
    const { options, cacheDir, dir } = project();
    writeFileSync(join(dir, 'helper.ts'), "export { greeting } from './words';\n");
    writeFileSync(join(dir, 'words.js'), 'export const greeting = (name) => `hello ${name}`;\n');
    await cachedBuild(options, cacheDir);
    // esbuild tries `.ts` before `.js`: the new file is what `./words` means now.
    writeFileSync(join(dir, 'words.ts'), 'export const greeting = (name: string) => `hola ${name}`;\n');
    const rebuilt = await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(2);
    expect(text(rebuilt)).toContain('hola');
  });

  it("checks installed packages by npm's last install, not file by file", async () => {
    const { options, cacheDir, dir } = project();
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
    mkdirSync(join(dir, 'node_modules', 'greet'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}');
    writeFileSync(join(dir, 'node_modules', 'greet', 'index.js'), 'export const greeting = (name) => `hi ${name}`;\n');
    writeFileSync(join(dir, 'helper.ts'), "export { greeting } from 'greet';\n");
    await cachedBuild(options, cacheDir);
    // An edit inside node_modules without an install is not looked for (a cache hit stays cheap)…
    writeFileSync(join(dir, 'node_modules', 'greet', 'index.js'), 'export const greeting = (name) => `hey ${name}`;\n');
    await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(1);
    // …an install (npm rewrites node_modules/.package-lock.json, postinstall patches included) rebuilds.
    utimesSync(join(dir, 'node_modules', '.package-lock.json'), new Date(), new Date(Date.now() + 60_000));
    const rebuilt = await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(2);
    expect(text(rebuilt)).toContain('hey');
  });

  it('builds again when the lockfile changed since an earlier build in the same process', async () => {
    const { options, cacheDir, dir } = project();
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3}');
    await cachedBuild(options, cacheDir);
    await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(1);
    writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(2);
  });

  it('uses the cache when a file was only touched (same contents, new mtime)', async () => {
    const { options, cacheDir, dir } = project();
    await cachedBuild(options, cacheDir);
    utimesSync(join(dir, 'helper.ts'), new Date(), new Date(Date.now() + 60_000));
    await cachedBuild(options, cacheDir);
    expect(esbuildCalls.count).toBe(1);
  });

  it('builds again for other options, and when an input is gone', async () => {
    const { options, cacheDir, dir } = project();
    await cachedBuild(options, cacheDir);
    await cachedBuild({ ...options, minify: true }, cacheDir);
    expect(esbuildCalls.count).toBe(2);
    rmSync(join(dir, 'helper.ts'));
    await expect(cachedBuild(options, cacheDir)).rejects.toThrow(/Could not resolve/);
  });

  it('serves a bundle stored after a rebuild elsewhere (a watched change) to the next start', async () => {
    const { options, cacheDir, dir } = project();
    writeFileSync(join(dir, 'helper.ts'), 'export const greeting = (name: string) => `hi ${name}`;\n');
    const { build } = await import('esbuild');
    await storeBundle(options, await build(options), cacheDir);
    esbuildCalls.count = 0;
    expect(text(await cachedBuild(options, cacheDir))).toContain('hi ');
    expect(esbuildCalls.count).toBe(0);
  });

  it('builds every time when caching is off (no cache folder)', async () => {
    const { options } = project();
    await cachedBuild(options, false);
    await cachedBuild(options, false);
    expect(esbuildCalls.count).toBe(2);
  });

  it('marks an entry used on every hit, and keeps only the entries used last', async () => {
    const { options, cacheDir } = project();
    await cachedBuild(options, cacheDir);
    const [key] = readdirSync(join(cacheDir, 'bundles'));
    const manifest = join(cacheDir, 'bundles', key, 'manifest.json');
    utimesSync(manifest, new Date(2020, 0, 1), new Date(2020, 0, 1));
    await cachedBuild(options, cacheDir);
    expect(statSync(manifest).mtimeMs).toBeGreaterThan(new Date(2026, 0, 1).getTime());

    const bundles = join(cacheDir, 'bundles');
    for (const [name, year] of [['old', 2021], ['older', 2020], ['recent', 2025]] as const) {
      mkdirSync(join(bundles, name));
      writeFileSync(join(bundles, name, 'manifest.json'), '{}');
      utimesSync(join(bundles, name, 'manifest.json'), new Date(year, 0, 1), new Date(year, 0, 1));
    }
    // An entry another build is still writing has no manifest yet: pruning leaves it alone.
    mkdirSync(join(bundles, 'being-written'));
    writeFileSync(join(bundles, 'being-written', 'output-0'), 'partial');
    await prune(bundles, 3);
    expect(readdirSync(bundles).sort()).toEqual([key, 'recent', 'being-written'].sort());
  });
});
