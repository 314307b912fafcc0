#!/usr/bin/env node
// Runs the kit's CLI: the compiled one (dist/, built by `npm run build`, which `npm install` runs
// through `prepare`) in this process — its one-file bundle with V8's code cache when the build made
// one (dist/bundle/cli.cjs, a start compiles one file instead of 1,200), else dist/local/cli.js — or — when dist/ is missing or older than a file under local/
// (a checkout being edited) — the TypeScript sources through tsx, so an edit is never silently ignored.
// The tsx child gets the stop signals, so `kill <pid>` stops the stack cleanly instead of orphaning it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiledCli = join(root, 'dist', 'local', 'cli.js');
const bundledCli = join(root, 'dist', 'bundle', 'cli.cjs');

/** True when dist/ was built (its stamp written) after the last change under local/. */
function compiledIsCurrent() {
  const stampFile = join(root, 'dist', '.build-stamp');
  if (!existsSync(compiledCli) || !existsSync(stampFile)) return false;
  const builtAt = Number(readFileSync(stampFile, 'utf8'));
  const sources = join(root, 'local');
  if (!existsSync(sources)) return true;
  for (const entry of readdirSync(sources, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > builtAt) return false;
  }
  return true;
}

if (process.env.GENAI_KIT_FROM_SOURCES !== '1' && compiledIsCurrent()) {
  if (existsSync(bundledCli)) {
    const [{ runWithCodeCache }, { kitCacheDir }] = await Promise.all([import('./runWithCodeCache.mjs'), import(pathToFileURL(join(root, 'dist', 'local', 'cache', 'kitCache.js')).href)]);
    runWithCodeCache(bundledCli, kitCacheDir());
  } else {
    await import(compiledCli);
  }
} else {
  if (existsSync(compiledCli) && process.env.GENAI_KIT_FROM_SOURCES !== '1') {
    process.stderr.write('genai-kit: dist/ is older than local/, running the sources (npm run build compiles them again)\n');
  }
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, join(root, 'local', 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
