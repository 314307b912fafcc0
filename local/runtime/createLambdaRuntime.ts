/**
 * The local Lambda runtime: every function of a template in its own pool of execution
 * environments: worker threads for Node.js, processes behind the Lambda Runtime API for Python
 * and custom runtimes (`provided.*`).
 *
 * Known limitations (documented, not hidden): Node.js memory is a V8 heap limit per worker, not a
 * cgroup, and process runtimes' memory is measured (peak RSS) but not capped;
 * `callbackWaitsForEmptyEventLoop` is accepted but a handler that neither returns a promise nor
 * calls back runs until its timeout; workers cannot `chdir`, so a Node.js function's
 * `process.cwd()` is the kit's, not `LAMBDA_TASK_ROOT`; `TZ` is set in the env but a worker's time
 * zone is the process's; Java, .NET and Ruby functions do not run (said at start, with what would).
 */
import type { TemplateModel } from '../template/model.js';
import { stdoutLines } from './BatchedLineWriter.js';
import { join } from 'node:path';
import type { FunctionDef } from '../template/model.js';
import { bundleWorkerBootstrap } from './bundleWorkerBootstrap.js';
import { architectureWarning } from './checkArchitecture.js';
import { ColdStartGate } from './ColdStartGate.js';
import { DEFAULT_MAX_CONCURRENCY, FunctionNotFoundError, RuntimeClosedError } from './errors.js';
import type { CodeOutcome, CodeSource } from './ExecutionEnvironment.js';
import { FunctionBuild } from './FunctionBuild.js';
import { FunctionPool, type EnvironmentsMemory } from './FunctionPool.js';
import { planFunctions, type FunctionPlan } from './planFunctions.js';
import { processEnvironments } from './process/processEnvironments.js';
import { ProcessFunctionCode } from './process/ProcessFunctionCode.js';
import { functionEnvironment } from './functionEnvironment.js';
import { SpareThreads, spareCanAdopt } from './SpareThreads.js';
import { missingRequirements } from './process/requirementsCheck.js';
import type { FunctionError, InvocationObserver, InvokeOptions, InvokeResult, LambdaRuntime } from './types.js';
import { workerEnvironments } from './workerEnvironments.js';

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
  /** Environments initialising at once across all functions (default: the machine's cores, at least 2). */
  maxConcurrentColdStarts?: number;
  /** Start a Node.js function's first thread while its code is built, not after (default true; see SpareThreads). */
  spareThreads?: boolean;
  /** Told of every invocation of every function as it starts and ends (the console's feed). */
  observer?: InvocationObserver;
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
  /** Builds functions now rather than on their first invocation (all when no ids are given), and starts their first threads. */
  prepare(functionIds?: string[]): Promise<PreparedFunction[]>;
  /** Logical ids of the functions this runtime runs. */
  readonly functionIds: string[];
  /** Per function, its execution environments now and the memory they last reported (the soak's attribution of RSS). */
  environments(): FunctionEnvironments[];
  /**
   * Per function, its environments' heaps now (the soak's measure): after a full collection in each
   * when asked, and one environment's heap snapshot (the function's oldest) when a file is given.
   */
  inspectEnvironments(options: { collectGarbage: boolean; heapSnapshot?: { functionId: string; file: string } }): Promise<FunctionEnvironmentsMemory[]>;
}

export interface FunctionEnvironmentsMemory extends EnvironmentsMemory {
  functionId: string;
}

export interface FunctionEnvironments {
  functionId: string;
  count: number;
  memoryUsedMb: number;
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
  const log = options.log ?? ((line: string, functionId: string) => stdoutLines().write(`[${functionId}] ${line}`));
  const plans = await planFunctions(model.functions);
  const needsWorkers = [...plans.values()].some((plan) => plan.kind === 'node');
  const bootstrapFile = needsWorkers ? await bundleWorkerBootstrap(options.buildDir) : '';
  const pools = new Map<string, FunctionPool>();
  const unsupported = new Map<string, FunctionError>();
  const sources: CodeSource<unknown>[] = [];
  const warned = new Set<string>();
  const pythonFunctions: PythonFunction[] = [];
  const env = options.env ?? {};
  let closed = false;
  const coldStarts = new ColdStartGate(options.maxConcurrentColdStarts);
  const spares = needsWorkers && options.spareThreads !== false ? new SpareThreads(bootstrapFile) : undefined;
  // Node.js functions whose first thread can start while their code is built (see SpareThreads).
  const startsAhead = new Set(model.functions.filter((fn) => plans.get(fn.logicalId)?.kind === 'node' && spareCanAdopt(functionEnvironment(fn, env, '', ''))));
  const startThreadAhead = (pool: FunctionPool) => {
    if (spares && pool.hasNoEnvironment && startsAhead.has(pool.fn)) spares.startAhead(pool.fn.memorySize);
  };

  for (const fn of model.functions) {
    const plan = plans.get(fn.logicalId)!;
    if (plan.kind === 'unsupported') {
      unsupported.set(fn.logicalId, plan.error);
      log(`not runnable here: ${plan.error.errorMessage}`, fn.logicalId);
    } else if (plan.warning && !warned.has(fn.runtime)) {
      warned.add(fn.runtime);
      log(plan.warning, fn.logicalId);
    }
    const architecture = architectureWarning(fn.architectures);
    if (architecture && !warned.has(fn.architectures[0])) {
      warned.add(fn.architectures[0]);
      log(architecture, fn.logicalId);
    }
    // The code's change callback needs the pool, and the pool needs the code.
    let pool: FunctionPool | undefined;
    const onChange = (outcome: CodeOutcome<unknown>, durationMs: number) => {
      const ms = durationMs.toFixed(0);
      log(outcome.ok ? `Reloaded ${fn.logicalId} (${ms} ms)` : `Rebuild of ${fn.logicalId} failed: ${outcome.error.errorMessage}`, fn.logicalId);
      pool?.retireStale();
      options.onReload?.(fn.logicalId, { ok: outcome.ok, error: outcome.ok ? undefined : outcome.error, durationMs });
    };
    const poolOptions = { maxConcurrency: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, coldStarts, log: (line: string) => log(line, fn.logicalId), observer: options.observer };
    if (plan.kind === 'process') {
      const code = processCode(fn, plan, model.baseDir, options.watch ?? false, onChange);
      if (code.usesBuildArtifact) log(`using the sam build artifact ${code.taskRoot}`, fn.logicalId);
      if (plan.launcher.kind === 'python') pythonFunctions.push({ functionId: fn.logicalId, taskRoot: code.taskRoot, interpreter: plan.launcher.interpreter });
      sources.push(code);
      pool = new FunctionPool(fn, { ...poolOptions, code, createEnvironment: processEnvironments(fn, plan.launcher, env) }) as FunctionPool;
    } else {
      const build = new FunctionBuild(fn, { buildDir: options.buildDir, watch: options.watch ?? false, onRebuild: onChange });
      sources.push(build);
      pool = new FunctionPool(fn, { ...poolOptions, code: build, createEnvironment: workerEnvironments(fn, bootstrapFile, env, spares) }) as FunctionPool;
    }
    for (const key of [fn.logicalId, fn.functionName, fn.arn, `${fn.arn}:$LATEST`]) pools.set(key, pool);
  }
  await reportMissingRequirements(pythonFunctions, log);

  const poolOf = (functionId: string): FunctionPool => {
    if (closed) throw new RuntimeClosedError();
    const pool = pools.get(functionId);
    if (!pool) throw new FunctionNotFoundError(functionId);
    return pool;
  };

  return {
    functionIds: model.functions.map((fn) => fn.logicalId),

    // Not `async`: an async function returning the pool's promise would cost two more ticks per invocation.
    invoke(functionId: string, event: unknown, invokeOptions?: InvokeOptions): Promise<InvokeResult> {
      let pool: FunctionPool;
      try {
        pool = poolOf(functionId);
      } catch (error) {
        return Promise.reject(error as Error);
      }
      const invalid = unsupported.get(pool.fn.logicalId);
      if (invalid) return Promise.resolve({ status: 'error', error: invalid, durationMs: 0 });
      startThreadAhead(pool);
      return pool.invoke(event, invokeOptions);
    },

    environments(): FunctionEnvironments[] {
      return [...new Set(pools.values())].map((pool) => ({ functionId: pool.fn.logicalId, ...pool.environments() }));
    },

    inspectEnvironments({ collectGarbage, heapSnapshot }): Promise<FunctionEnvironmentsMemory[]> {
      const snapshotPool = heapSnapshot && poolOf(heapSnapshot.functionId);
      return Promise.all(
        [...new Set(pools.values())].map(async (pool) => ({
          functionId: pool.fn.logicalId,
          ...(await pool.inspectEnvironments(collectGarbage, pool === snapshotPool ? heapSnapshot?.file : undefined)),
        })),
      );
    },

    async prepare(functionIds?: string[]): Promise<PreparedFunction[]> {
      const selected = functionIds?.map((id) => poolOf(id)) ?? [...new Set(pools.values())];
      return Promise.all(
        selected.map(async (pool) => {
          const invalid = unsupported.get(pool.fn.logicalId);
          if (invalid) return { functionId: pool.fn.logicalId, ok: false, error: invalid };
          startThreadAhead(pool);
          const outcome = await pool.prepare();
          return { functionId: pool.fn.logicalId, ok: outcome.ok, error: outcome.ok ? undefined : outcome.error };
        }),
      );
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([spares?.close(), ...[...new Set(pools.values())].map((pool) => pool.close())]);
      await Promise.all(sources.map((source) => source.close()));
    },
  };
}

function processCode(fn: FunctionDef, plan: Extract<FunctionPlan, { kind: 'process' }>, baseDir: string, watch: boolean, onChange: (outcome: CodeOutcome<unknown>, durationMs: number) => void): ProcessFunctionCode {
  return new ProcessFunctionCode({
    codeDir: fn.codeDir,
    samBuildDir: join(baseDir, '.aws-sam', 'build', fn.logicalId),
    needsBootstrap: plan.launcher.kind === 'custom',
    watch,
    onChange,
  });
}

interface PythonFunction {
  functionId: string;
  taskRoot: string;
  interpreter: string;
}

/** Says, per Python function, which packages of its requirements.txt its interpreter cannot find. */
async function reportMissingRequirements(functions: PythonFunction[], log: (line: string, functionId: string) => void): Promise<void> {
  const interpreters = new Set(functions.map((fn) => fn.interpreter));
  const reports = await Promise.all([...interpreters].map(async (interpreter) => [interpreter, await missingRequirements(interpreter, functions.filter((fn) => fn.interpreter === interpreter))] as const));
  for (const [interpreter, missing] of reports) {
    for (const [functionId, names] of missing) {
      log(
        `warning: requirements.txt names packages ${interpreter} cannot import: ${names.join(', ')}. ` +
          'Install them where it finds them (a virtualenv active when you start the kit, `pip install -r requirements.txt`, or `sam build`); the kit installs nothing itself',
        functionId,
      );
    }
  }
}
