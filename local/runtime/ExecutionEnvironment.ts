/**
 * One execution environment of a function, whatever runs it: a worker thread (Node.js) or an OS
 * process behind the Lambda Runtime API (Python, custom runtimes). The pool sees only this.
 */
import type { FunctionError, ResponseStreamSink } from './types.js';
import type { EnvironmentMemory } from './workerProtocol.js';

export interface MemoryInspection {
  /** A full garbage collection first, so that the heap is the live objects. */
  collectGarbage: boolean;
  /** Also write the environment's heap snapshot to this file. */
  heapSnapshotFile?: string;
}

export type InitOutcome = { ok: true; initDurationMs: number } | { ok: false; error: FunctionError; timedOut?: boolean };

export type RunOutcome =
  | { kind: 'result'; payload: string | undefined; memoryUsedMb: number }
  | { kind: 'error'; error: FunctionError; memoryUsedMb: number }
  /** The environment died mid-invocation (exit, uncaught exception, out of memory). */
  | { kind: 'crash'; error: FunctionError }
  | { kind: 'timeout'; error: FunctionError };

export interface RunRequest {
  requestId: string;
  /** The event as JSON text. */
  event: string;
  timeoutMs: number;
  stream?: ResponseStreamSink;
  signal?: AbortSignal;
}

export interface ExecutionEnvironment {
  /** The code generation it was started with (a rebuild retires older ones). */
  readonly generation: number;
  /** Resolves when the init phase ended (handler loaded, or failed). */
  readonly ready: Promise<InitOutcome>;
  /** Init Duration still to report (on the environment's first invocation). */
  pendingInitDurationMs: number | undefined;
  /** False once it exited or is being stopped: never hand it another invocation. */
  readonly alive: boolean;
  readonly maxMemoryUsedMb: number;
  /** Runs one invocation; the environment must be ready and idle. */
  run(request: RunRequest): Promise<RunOutcome>;
  /** Its heap now, for the soak (worker threads answer; process runtimes have no such channel). */
  inspectMemory?(options: MemoryInspection): Promise<EnvironmentMemory | undefined>;
  terminate(): Promise<void>;
}

/** What every environment reports to its pool. */
export interface EnvironmentHooks {
  log(line: string): void;
  /** Called once when the environment has ended, for whatever reason (`error` when it crashed). */
  onExit(environment: ExecutionEnvironment, error: FunctionError | undefined): void;
}

/** Where a pool's code comes from: a build (Node.js bundles) or a code directory (process runtimes). */
export type CodeOutcome<C> = { ok: true; code: C; generation: number } | { ok: false; error: FunctionError; generation: number };

export interface CodeSource<C> {
  /** The current code (preparing it the first time, or waiting for a rebuild in progress). */
  current(): Promise<CodeOutcome<C>>;
  /** The generation new environments get (grows with every change). */
  readonly currentGeneration: number;
  close(): Promise<void>;
}

/** Starts one environment of a function for the given code. */
export type EnvironmentFactory<C> = (code: C, generation: number, hooks: EnvironmentHooks) => ExecutionEnvironment;
