/**
 * esbuild bundles kept across runs in the kit's cache folder (`local/cache/kitCache.ts`), so a
 * start — `--ephemeral` too — does not bundle a function whose sources did not change, and a first
 * request pays only Lambda's own cold init.
 *
 * An entry is keyed by the build options, esbuild's version, the project's lockfile and the time
 * npm last installed (`node_modules/.package-lock.json`, rewritten by every install, postinstall
 * patches included); it records every input file esbuild read outside `node_modules` (from the
 * metafile, which it keeps only for those) with its size, mtime and SHA-256 — packages are covered
 * by the key, and checking their hundreds of files was most of a cache hit's cost. It is used only
 * when every recorded input still has the same contents: a file whose size or mtime changed is
 * hashed again, a file gone is a miss. It also records, for each folder of the project's inputs, the names of
 * the source files in it: a file added or removed there (a new `util.ts` that resolution would now
 * pick over the `util.js` in use) is a miss. Folders under `node_modules` are covered by the lockfile.
 *
 * The folder keeps the `MAX_ENTRIES` bundles used last (a hit touches its manifest): test suites that
 * build into a fresh temporary folder each time add an entry per build and would otherwise grow it forever.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import type { BuildOptions, Metafile } from 'esbuild';
import { contentKey, kitCacheDir, writeFileAtomically } from '../cache/kitCache.js';

export type BundleOptions = BuildOptions & { write: false; metafile: true };

/** What a build gives the caller: esbuild's output files (not written) and metafile. */
export interface Bundle {
  outputFiles: { path: string; contents: Uint8Array }[];
  metafile: Metafile;
}

interface InputStamp {
  size: number;
  mtimeMs: number;
  sha256: string;
}

interface Manifest {
  inputs: Record<string, InputStamp>;
  /** Each project folder an input is in, with the SHA-256 of its source files' names. */
  folders: Record<string, string>;
  outputs: { path: string; file: string }[];
  metafile: Metafile;
}

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'];
/** Files whose appearance in a folder can change what an import resolves to. */
const RESOLVABLE = /\.(tsx?|jsx?|mts|cts|mjs|cjs|json|node)$/;

/** Bundles kept: the project's functions many times over, a few hundred MB at most. */
export const MAX_ENTRIES = 64;

/**
 * Builds with esbuild, or answers from the cache when nothing the bundle was made of changed.
 *
 * @example
 * // `cacheDir`: the kit's cache folder by default; `false` builds every time.
 * const bundle = await cachedBuild({ entryPoints: ['src/chat/handler.ts'], outdir: '.local/build/Chat', bundle: true, write: false, metafile: true });
 */
export async function cachedBuild(options: BundleOptions, cacheDir: string | false = kitCacheDir() ?? false): Promise<Bundle> {
  const entry = cacheDir && join(cacheDir, 'bundles', await bundleKey(options));
  const cached = entry ? await readEntry(entry).catch(() => undefined) : undefined;
  if (cached) return cached;
  const { build } = await import('esbuild');
  const result = await build(options);
  // The cache only saves time: failing to keep an entry never fails the build.
  if (cacheDir && entry) await writeEntry(entry, options.absWorkingDir ?? process.cwd(), result).then(() => prune(join(cacheDir, 'bundles'))).catch(() => {});
  return result;
}

/** Records a bundle built elsewhere (a watched rebuild through an esbuild context) for the next start. */
export async function storeBundle(options: BundleOptions, bundle: Bundle, cacheDir: string | false = kitCacheDir() ?? false): Promise<void> {
  if (cacheDir) await writeEntry(join(cacheDir, 'bundles', await bundleKey(options)), options.absWorkingDir ?? process.cwd(), bundle).then(() => prune(join(cacheDir, 'bundles'))).catch(() => {});
}

/**
 * Removes the entries used longest ago beyond `MAX_ENTRIES` (last use: the manifest's mtime; an
 * entry still being written has no manifest yet and counts as used now, so it is never removed
 * under its writer).
 */
export async function prune(bundlesDir: string, maxEntries = MAX_ENTRIES): Promise<void> {
  const names = await readdir(bundlesDir).catch(() => [] as string[]);
  if (names.length <= maxEntries) return;
  const lastUse = async (name: string) => (await stat(join(bundlesDir, name, 'manifest.json')).catch(() => undefined))?.mtimeMs ?? Date.now();
  const used = await Promise.all(names.map(async (name) => ({ name, at: await lastUse(name) })));
  used.sort((a, b) => b.at - a.at);
  await Promise.all(used.slice(maxEntries).map(({ name }) => rm(join(bundlesDir, name), { recursive: true, force: true })));
}

async function bundleKey(options: BundleOptions): Promise<string> {
  const lockfile = findLockfile(resolve(options.absWorkingDir ?? process.cwd()));
  const installed = lockfile ? await stat(join(dirname(lockfile), 'node_modules', '.package-lock.json')).catch(() => undefined) : undefined;
  return contentKey('esbuild', esbuildVersion(), JSON.stringify(options), lockfile ? await lockfileDigest(lockfile) : '', String(installed?.mtimeMs ?? ''));
}

const lockfileDigests = new Map<string, { size: number; mtimeMs: number; digest: Promise<string> }>();

/** SHA-256 of a lockfile, read once per process while its size and mtime stay (every function's key has it). */
async function lockfileDigest(file: string): Promise<string> {
  const { size, mtimeMs } = await stat(file);
  const known = lockfileDigests.get(file);
  if (known?.size === size && known.mtimeMs === mtimeMs) return known.digest;
  const digest = readFile(file).then(sha256);
  lockfileDigests.set(file, { size, mtimeMs, digest });
  return digest;
}

/**
 * Whether a metafile input is one of the project's own files: not namespaced (`<define:…>`,
 * `(disabled):…` are not files) nor in an installed package (covered by the key, not checked file by file).
 */
function isProjectFile(input: string, workingDir: string): boolean {
  return !/^[(<]|:/.test(input) && !resolve(workingDir, input).split(sep).includes('node_modules');
}

let version: string | undefined;
function esbuildVersion(): string {
  version ??= (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
  return version;
}

function findLockfile(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const found = LOCKFILES.map((name) => join(current, name)).find((file) => existsSync(file));
    if (found || dirname(current) === current) return found;
  }
}

async function readEntry(entry: string): Promise<Bundle | undefined> {
  const manifest = JSON.parse(await readFile(join(entry, 'manifest.json'), 'utf8')) as Manifest;
  const unchanged = await Promise.all([
    ...Object.entries(manifest.inputs).map(([file, stamp]) => sameContents(file, stamp)),
    ...Object.entries(manifest.folders ?? {}).map(async ([folder, names]) => (await sourceNames(folder)) === names),
  ]);
  if (!manifest.folders || !unchanged.every(Boolean)) return undefined;
  const outputFiles = await Promise.all(manifest.outputs.map(async ({ path, file }) => ({ path, contents: await readFile(join(entry, file)) })));
  const now = new Date();
  await utimes(join(entry, 'manifest.json'), now, now).catch(() => {});
  return { outputFiles, metafile: manifest.metafile };
}

async function sameContents(file: string, stamp: InputStamp): Promise<boolean> {
  const now = await stat(file).catch(() => undefined);
  if (!now || now.size !== stamp.size) return false;
  if (now.mtimeMs === stamp.mtimeMs) return true;
  return sha256(await readFile(file)) === stamp.sha256;
}

async function writeEntry(entry: string, workingDir: string, bundle: Bundle): Promise<void> {
  const inputs: Record<string, InputStamp> = {};
  for (const input of Object.keys(bundle.metafile.inputs)) {
    if (!isProjectFile(input, workingDir)) continue;
    const file = resolve(workingDir, input);
    const [stats, contents] = await Promise.all([stat(file), readFile(file)]);
    inputs[file] = { size: stats.size, mtimeMs: stats.mtimeMs, sha256: sha256(contents) };
  }
  const folders: Record<string, string> = {};
  for (const folder of new Set(Object.keys(inputs).map((file) => dirname(file)))) {
    folders[folder] = await sourceNames(folder);
  }
  const outputs = bundle.outputFiles.map((output, index) => ({ path: output.path, file: `output-${index}` }));
  await Promise.all(bundle.outputFiles.map((output, index) => writeFileAtomically(join(entry, outputs[index].file), output.contents)));
  // The manifest last: an entry without one is never read.
  await writeFileAtomically(join(entry, 'manifest.json'), JSON.stringify({ inputs, folders, outputs, metafile: projectMetafile(bundle.metafile, workingDir) } satisfies Manifest));
}

/**
 * The metafile a cache hit gives back: the project's own inputs (what a watched function watches),
 * without the installed packages' files nor the outputs' per-input detail. The whole metafile of a
 * bundle with the AWS SDK is about 1 MB of JSON, read and parsed at every hit, on a first request.
 */
function projectMetafile(metafile: Metafile, workingDir: string): Metafile {
  const inputs = Object.entries(metafile.inputs).filter(([input]) => isProjectFile(input, workingDir));
  return { inputs: Object.fromEntries(inputs), outputs: {} };
}

/** SHA-256 of the sorted names of the files in `folder` that an import could resolve to. */
async function sourceNames(folder: string): Promise<string> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((entry) => !entry.isDirectory() && RESOLVABLE.test(entry.name)).map((entry) => entry.name);
  return sha256(Buffer.from(names.sort().join('\n')));
}

function sha256(contents: Uint8Array): string {
  return createHash('sha256').update(contents).digest('hex');
}
