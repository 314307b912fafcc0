/**
 * The local Lambda runtime: every function of a template in its own pool of worker threads.
 *
 * Known limitations (documented, not hidden): memory is a V8 heap limit per worker, not a
 * cgroup; `callbackWaitsForEmptyEventLoop` is accepted but a handler that neither returns a
 * promise nor calls back runs until its timeout; workers cannot `chdir`, so `process.cwd()` is
 * the kit's, not `LAMBDA_TASK_ROOT`; `TZ` is set in the env but the time zone is the process's;
 * only Node.js runtimes run.
 */
import type { TemplateModel } from '../template/model.js';
import { stdoutLines } from './BatchedLineWriter.js';
import { bundleWorkerBootstrap } from './bundleWorkerBootstrap.js';
import { checkNodeRuntime } from './checkNodeRuntime.js';
import { DEFAULT_MAX_CONCURRENCY, FunctionNotFoundError, LambdaErrorType, RuntimeClosedError } from './errors.js';
import { FunctionBuild, type BuildOutcome } from './FunctionBuild.js';
import { FunctionPool } from './FunctionPool.js';
import type { FunctionError, InvokeOptions, InvokeResult, LambdaRuntime } from './types.js';

export interface RuntimeOptions {
  /** Extra env for every function: AWS_ENDPOINT_URL_* of the local services, credentials, region. */
  env?: Record<string, string>;
  /** Where bundles go, e.g. <project>/.local/build */
  buildDir: string;
  /** Rebuild on change under the functions' source and use the new code on the next invocation. */
  watch?: boolean;
  /**
   * Where START/END/REPORT lines and function logs go (default: process.stdout, batched once per
   * event-loop turn, each line prefixed with the function's logical id). The second argument says which function wrote it.
   */
  log?: (line: string, functionId: string) => void;
  /** Workers per function when the template reserves no concurrency (default 10; beyond it invocations queue). */
  maxConcurrency?: number;
  /** Called after a watched change was rebuilt (the next invocation of that function runs the new code). */
  onReload?: (functionId: string, result: { ok: boolean; error?: FunctionError; durationMs: number }) => void;
}

/** Build result of one function, as `prepare()` reports it. */
export interface PreparedFunction {
  functionId: string;
  ok: boolean;
  error?: FunctionError;
}

export interface LocalLambdaRuntime extends LambdaRuntime {
  /** Builds functions now rather than on their first invocation (all when no ids are given). */
  prepare(functionIds?: string[]): Promise<PreparedFunction[]>;
  /** Logical ids of the functions this runtime runs. */
  readonly functionIds: string[];
}

/**
 * Creates the runtime for a template model. Nothing is built or started until a function is
 * invoked (or `prepare()` is called).
 *
 * @example
 * const runtime = await createLambdaRuntime(model, { buildDir: '.local/build', env: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' } });
 * const result = await runtime.invoke('ChatFunction', { body: '{}' });
 * await runtime.close();
 */
export async function createLambdaRuntime(model: TemplateModel, options: RuntimeOptions): Promise<LocalLambdaRuntime> {
  const bootstrapFile = await bundleWorkerBootstrap(options.buildDir);
  const log = options.log ?? ((line: string, functionId: string) => stdoutLines().write(`[${functionId}] ${line}`));
  const pools = new Map<string, FunctionPool>();
  const unsupported = new Map<string, FunctionError>();
  const builds: FunctionBuild[] = [];
  const warned = new Set<string>();
  let closed = false;

  for (const fn of model.functions) {
    const check = checkNodeRuntime(fn.runtime);
    if (check.kind === 'unsupported') {
      unsupported.set(fn.logicalId, { errorType: LambdaErrorType.invalidRuntime, errorMessage: check.message });
    } else if (check.kind === 'mismatch' && !warned.has(fn.runtime)) {
      warned.add(fn.runtime);
      log(check.message, fn.logicalId);
    }
    // The build's reload callback needs the pool, and the pool needs the build.
    // eslint-disable-next-line prefer-const
    let pool: FunctionPool | undefined;
    const build = new FunctionBuild(fn, {
      buildDir: options.buildDir,
      watch: options.watch ?? false,
      onRebuild: (outcome: BuildOutcome, durationMs: number) => {
        const ms = durationMs.toFixed(0);
        log(outcome.ok ? `Reloaded ${fn.logicalId} (${ms} ms)` : `Rebuild of ${fn.logicalId} failed: ${outcome.error.errorMessage}`, fn.logicalId);
        pool?.retireStale();
        options.onReload?.(fn.logicalId, { ok: outcome.ok, error: outcome.ok ? undefined : outcome.error, durationMs });
      },
    });
    builds.push(build);
    pool = new FunctionPool(fn, {
      build,
      bootstrapFile,
      env: options.env ?? {},
      maxConcurrency: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      log: (line) => log(line, fn.logicalId),
    });
    for (const key of [fn.logicalId, fn.functionName, fn.arn, `${fn.arn}:$LATEST`]) pools.set(key, pool);
  }

  const poolOf = (functionId: string): FunctionPool => {
    if (closed) throw new RuntimeClosedError();
    const pool = pools.get(functionId);
    if (!pool) throw new FunctionNotFoundError(functionId);
    return pool;
  };

  return {
    functionIds: model.functions.map((fn) => fn.logicalId),

    async invoke(functionId: string, event: unknown, invokeOptions?: InvokeOptions): Promise<InvokeResult> {
      const pool = poolOf(functionId);
      const invalid = unsupported.get(pool.fn.logicalId);
      if (invalid) return { status: 'error', error: invalid, durationMs: 0 };
      return pool.invoke(event, invokeOptions);
    },

    async prepare(functionIds?: string[]): Promise<PreparedFunction[]> {
      const selected = functionIds?.map((id) => poolOf(id)) ?? [...new Set(pools.values())];
      return Promise.all(
        selected.map(async (pool) => {
          const invalid = unsupported.get(pool.fn.logicalId);
          if (invalid) return { functionId: pool.fn.logicalId, ok: false, error: invalid };
          const outcome = await pool.prepare();
          return { functionId: pool.fn.logicalId, ok: outcome.ok, error: outcome.ok ? undefined : outcome.error };
        }),
      );
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...new Set(pools.values())].map((pool) => pool.close()));
      await Promise.all(builds.map((build) => build.close()));
    },
  };
}
