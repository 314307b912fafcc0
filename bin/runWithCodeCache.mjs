/**
 * Runs a CommonJS file (the kit's bundled CLI) the way Node's `require` would, but compiled with V8's
 * code cache: the first run saves what V8 compiled into the cache folder when the process exits, and
 * later runs hand it back to V8, which then skips parsing and compiling those functions (Node 20 has
 * no `module.enableCompileCache`). A cache V8 rejects (another Node or V8 flags) is written again.
 *
 * The file must not call `import()`: Node 20 runs a dynamic import from a vm.Script only with
 * --experimental-vm-modules (scripts/bundleCli.mjs turns the bundle's into `require`).
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs `file`; `cacheDir` holds its code cache (none kept when undefined).
 * Returns whether V8 took a cache from an earlier run.
 *
 * @example
 * runWithCodeCache('/app/dist/bundle/cli.cjs', '/app/node_modules/.cache/genai-kit');
 */
export function runWithCodeCache(file, cacheDir) {
  const source = readSource(file);
  const cacheFile = cacheDir && join(cacheDir, 'code-cache', `${basename(file)}-${cacheKey(file, source)}.bin`);
  const cachedData = cacheFile ? readIfPresent(cacheFile) : undefined;
  const script = new Script(Module.wrap(source), {
    filename: file,
    cachedData,
  });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  // Saved at exit, so the cache also holds the functions compiled while the program ran, not only the top level.
  if (cacheFile && !accepted) process.once('exit', () => saveQuietly(cacheFile, script.createCachedData()));
  const module = new Module(file, undefined);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return accepted;
}

/** The file's size and time and the Node that runs it: a rebuilt bundle or another Node gets a cache of its own. */
function cacheKey(file, source) {
  const { mtimeMs } = statSync(file);
  return createHash('sha256').update(`${file}\0${source.length}\0${mtimeMs}\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`).digest('hex').slice(0, 32);
}

/**
 * The file's text. An ASCII file (the kit's bundle, scripts/bundleCli.mjs) is decoded as latin1, two to
 * three times faster than UTF-8 for the same text; a `#!` line becomes a comment, as Node's loader treats it.
 */
function readSource(file) {
  const bytes = readFileSync(file);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  return source.startsWith('#!') ? `//${source.slice(2)}` : source;
}

function readIfPresent(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written under a unique name and renamed, replacing the caches of earlier builds of the same file;
 * a cache that cannot be written only costs the next start its speed.
 */
function saveQuietly(file, data) {
  try {
    const folder = dirname(file);
    mkdirSync(folder, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
    const sameScript = `${basename(file).replace(/-[0-9a-f]+\.bin$/, '')}-`;
    for (const name of readdirSync(folder)) if (name.startsWith(sameScript) && name.endsWith('.bin') && join(folder, name) !== file) rmSync(join(folder, name), { force: true });
  } catch {
    // read-only or full cache folder: the next start compiles again
  }
}
