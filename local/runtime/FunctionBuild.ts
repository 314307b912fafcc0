/**
 * The code one function runs: resolved from `CodeUri`/`Handler` as SAM and Lambda resolve it,
 * bundled with esbuild when the template has esbuild metadata. Built lazily (first invoke or
 * `prepare()`), shared by all the function's workers, and, when watching, rebuilt on change: each
 * successful or failed rebuild bumps `generation`, which retires the workers of older code.
 */
import type { BuildContext, Metafile } from 'esbuild';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FunctionDef } from '../template/model.js';
import { buildFailedError, LambdaErrorType } from './errors.js';
import { parseHandler, resolveModule } from './resolveHandler.js';
import type { CodeOutcome, CodeSource } from './ExecutionEnvironment.js';
import { SourceWatcher, type WatchedDirectory } from './SourceWatcher.js';
import type { FunctionError } from './types.js';
import { cachedBuild, storeBundle, type Bundle, type BundleOptions } from './BundleCache.js';

/** What a worker loads. */
export interface FunctionCode {
  moduleFile: string;
  loader: 'require' | 'import';
  exportPath: string[];
  /** `LAMBDA_TASK_ROOT`: the code directory, or the bundle's directory. */
  taskRoot: string;
  sourceMaps: boolean;
}

export type BuildOutcome = CodeOutcome<FunctionCode>;

export interface FunctionBuildOptions {
  buildDir: string;
  watch: boolean;
  /** Called after every rebuild triggered by a change (not for the first build). */
  onRebuild(outcome: BuildOutcome, durationMs: number): void;
}

const ESM_REQUIRE_BANNER = [
  "import { createRequire as __lambdaCreateRequire } from 'node:module';",
  "import { fileURLToPath as __lambdaFileURLToPath } from 'node:url';",
  'const require = __lambdaCreateRequire(import.meta.url);',
  'const __filename = __lambdaFileURLToPath(import.meta.url);',
  "const __dirname = __lambdaFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

export class FunctionBuild implements CodeSource<FunctionCode> {
  private outcome: Promise<BuildOutcome> | undefined;
  private generation = 0;
  private context: BuildContext<BundleOptions> | undefined;
  private watcher: SourceWatcher | undefined;
  private lastMetafile: Metafile | undefined;
  private closed = false;

  constructor(
    private readonly fn: FunctionDef,
    private readonly options: FunctionBuildOptions,
  ) {}

  /** The current code (building it the first time, or waiting for a rebuild in progress). */
  current(): Promise<BuildOutcome> {
    if (!this.outcome) {
      this.outcome = this.buildOnce();
      if (this.options.watch) void this.outcome.then(() => this.startWatching());
    }
    return this.outcome;
  }

  /** The generation of the code new workers get (a number that grows with every rebuild). */
  get currentGeneration(): number {
    return this.generation;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    await this.context?.dispose();
    this.context = undefined;
  }

  private async buildOnce(): Promise<BuildOutcome> {
    const outcome = await this.build(this.generation);
    // Without watching, a failed build is retried on the next invocation (the user fixed the file).
    if (!outcome.ok && !this.options.watch) this.outcome = undefined;
    return outcome;
  }

  private async build(generation: number): Promise<BuildOutcome> {
    const name = parseHandler(this.fn.handler);
    if (!name) return { ok: false, generation, error: { errorType: LambdaErrorType.malformedHandlerName, errorMessage: `Bad handler ${this.fn.handler}` } };
    if (!this.fn.build) {
      const module = resolveModule(this.fn.codeDir, name.modulePath);
      if (!module) return { ok: false, generation, error: cannotFindModule(name.modulePath) };
      return { ok: true, generation, code: { moduleFile: module.file, loader: module.loader, exportPath: name.exportPath, taskRoot: this.fn.codeDir, sourceMaps: false } };
    }
    const outDir = this.outDir();
    let result: Bundle;
    try {
      result = await this.bundle(generation);
    } catch (error) {
      return { ok: false, generation, error: buildFailedError(this.fn.logicalId, describeBuildFailure(error)) };
    }
    await writeOutputs(result);
    this.lastMetafile = result.metafile;
    const module = resolveModule(outDir, name.modulePath);
    if (!module) return { ok: false, generation, error: cannotFindModule(name.modulePath) };
    return { ok: true, generation, code: { moduleFile: module.file, loader: module.loader, exportPath: name.exportPath, taskRoot: outDir, sourceMaps: true } };
  }

  private outDir(): string {
    return join(this.options.buildDir, this.fn.logicalId);
  }

  private bundleOptions(): BundleOptions {
    const build = this.fn.build!;
    const format = build.format ?? 'esm';
    return {
      absWorkingDir: this.fn.codeDir,
      entryPoints: build.entryPoints.map((entry) => resolve(this.fn.codeDir, entry)),
      entryNames: '[name]',
      outdir: this.outDir(),
      outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
      bundle: true,
      platform: 'node',
      format,
      target: build.target ?? 'node20',
      // As `sam build` bundles it (a minified bundle also compiles faster at a cold start).
      minify: build.minify ?? false,
      sourcemap: true,
      external: build.external ?? [],
      mainFields: format === 'esm' ? ['module', 'main'] : undefined,
      banner: format === 'esm' ? { js: ESM_REQUIRE_BANNER } : undefined,
      metafile: true,
      write: false,
      logLevel: 'silent',
    };
  }

  /** The first build may come from the cache of earlier runs; rebuilds on change go through an esbuild context (incremental) and refresh the cache. */
  private async bundle(generation: number): Promise<Bundle> {
    if (generation === 0 || !this.options.watch) return cachedBuild(this.bundleOptions());
    this.context ??= await (await import('esbuild')).context(this.bundleOptions());
    const result = await this.context.rebuild();
    void storeBundle(this.bundleOptions(), result);
    return result;
  }

  private startWatching(): void {
    if (this.closed || this.watcher) return;
    this.watcher = new SourceWatcher(() => this.rebuild(), this.options.buildDir);
    this.watchSources();
  }

  private watchSources(): void {
    if (!this.watcher) return;
    if (!this.fn.build) {
      this.watcher.watchDirectories([{ path: this.fn.codeDir, recursive: true }]);
      return;
    }
    if (!this.lastMetafile) {
      // The first build failed: watch the entry points' directories until one succeeds.
      this.watcher.watchDirectories(this.fn.build.entryPoints.map((entry) => ({ path: dirname(resolve(this.fn.codeDir, entry)), recursive: true })));
      return;
    }
    this.watcher.watchDirectories(inputDirectories(this.lastMetafile, this.fn.codeDir));
  }

  private rebuild(): void {
    if (this.closed) return;
    const started = performance.now();
    const generation = ++this.generation;
    const previous = this.outcome;
    // Rebuilds run one after another; each outcome carries the generation it was started for.
    const outcome = (async () => {
      await previous;
      return this.build(generation);
    })();
    this.outcome = outcome;
    void outcome.then((result) => {
      if (this.closed || generation !== this.generation) return;
      this.watchSources();
      this.options.onRebuild(result, performance.now() - started);
    });
  }
}

function cannotFindModule(modulePath: string): FunctionError {
  return { errorType: LambdaErrorType.importModule, errorMessage: `Error: Cannot find module '${modulePath}'` };
}

async function writeOutputs(result: Bundle): Promise<void> {
  for (const file of result.outputFiles) {
    await mkdir(dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
  }
}

/** The directories holding the bundle's own sources (not node_modules), each filtered to its input files. */
function inputDirectories(metafile: Metafile, workingDir: string): WatchedDirectory[] {
  const byDirectory = new Map<string, Set<string>>();
  for (const input of Object.keys(metafile.inputs)) {
    if (input.includes('node_modules') || input.includes(':')) continue;
    const absolute = resolve(workingDir, input);
    const directory = dirname(absolute);
    const files = byDirectory.get(directory) ?? new Set<string>();
    files.add(absolute.slice(directory.length + 1));
    byDirectory.set(directory, files);
  }
  return [...byDirectory].map(([path, files]) => ({ path, recursive: false, files }));
}

function describeBuildFailure(error: unknown): string {
  const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return error instanceof Error ? error.message : String(error);
  return errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('; ');
}
