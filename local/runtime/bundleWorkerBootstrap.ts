/**
 * Bundles the worker entry point (`worker/workerBootstrap.ts`) with esbuild into the build
 * directory, so workers start from plain JavaScript whether the kit runs under tsx, vitest or
 * compiled: no TypeScript loader has to reach into worker threads.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundles = new Map<string, Promise<string>>();

/** Path of the bundled bootstrap under `<buildDir>/.runtime/` (built once per build directory and process). */
export function bundleWorkerBootstrap(buildDir: string): Promise<string> {
  let bundle = bundles.get(buildDir);
  if (!bundle) {
    bundle = buildBootstrap(buildDir);
    bundle.catch(() => bundles.delete(buildDir));
    bundles.set(buildDir, bundle);
  }
  return bundle;
}

async function buildBootstrap(buildDir: string): Promise<string> {
  const sourceTs = fileURLToPath(new URL('./worker/workerBootstrap.ts', import.meta.url));
  const source = existsSync(sourceTs) ? sourceTs : fileURLToPath(new URL('./worker/workerBootstrap.js', import.meta.url));
  const outDir = join(buildDir, '.runtime');
  const outfile = join(outDir, 'workerBootstrap.mjs');
  // Written under a unique name then renamed, so concurrent processes never load a half-written file.
  const temporary = join(outDir, `workerBootstrap.${process.pid}.${Date.now()}.tmp.mjs`);
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [source],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  await rename(temporary, outfile);
  return outfile;
}
