/**
 * Bundles the worker entry point (`worker/workerBootstrap.ts`) with esbuild into the build
 * directory, so workers start from plain JavaScript whether the kit runs under tsx, vitest or
 * compiled: no TypeScript loader has to reach into worker threads. The bundle comes from the kit's
 * cache when the bootstrap's sources did not change since an earlier run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomically } from '../cache/kitCache.js';
import { cachedBuild } from './BundleCache.js';

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
  const outfile = join(buildDir, '.runtime', 'workerBootstrap.mjs');
  const bundle = await cachedBuild({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'silent',
    write: false,
    metafile: true,
  });
  // Written under a unique name then renamed, so concurrent processes never load a half-written file.
  await writeFileAtomically(outfile, bundle.outputFiles[0].contents);
  return outfile;
}
