#!/usr/bin/env node
/**
 * Compiles the kit (local/) to dist/ so `npm start` and the genai-kit bin run plain JavaScript instead
 * of transpiling TypeScript through tsx at every start. Run by `npm run build` and by `prepare`
 * (npm install / npm ci in a checkout, npm pack). dist/ mirrors the repository: dist/local/cli.js,
 * with declarations (.d.ts) and source maps; the files the kit reads at run time (service models,
 * the model catalogue, the Python bootstrap) are copied beside the code. The command line is also
 * bundled into one file, dist/bundle/cli.cjs (scripts/bundleCli.mjs), which the bin runs.
 *
 * It writes dist/.build-stamp last, holding the time the build started: bin/genai-kit.mjs runs dist/
 * only when the stamp exists and no file under local/ changed after it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundleCli.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.build-stamp');

// npm ci in an image layer that holds only package.json (the sources come later): nothing to build yet.
if (!existsSync(join(root, 'local', 'cli.ts')) || !existsSync(join(root, 'tsconfig.build.json'))) {
  process.stdout.write('genai-kit build: no sources here, nothing to compile\n');
  process.exit(0);
}

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // Installed without devDependencies: the bin falls back to running the sources through tsx.
  process.stdout.write('genai-kit build: typescript is not installed, dist/ not built\n');
  process.exit(0);
}

const started = Date.now();
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

// Everything under local/ that is not TypeScript and that the code reads beside itself, and the
// console's page sources (esbuild bundles them for the browser when the page is first asked for).
const pageSources = join('local', 'console', 'web');
cpSync(join(root, 'local'), join(root, 'dist', 'local'), {
  recursive: true,
  filter: (source) => (!/\.ts$/.test(source) || source.includes(pageSources)) && !source.endsWith('Dockerfile') && !source.endsWith('tsconfig.json') && !source.includes('__pycache__'),
});
await bundleCli(root);
mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, `${started}\n`);
process.stdout.write(`genai-kit build: dist/ compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
