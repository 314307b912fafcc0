/**
 * One execution environment of a function: a worker thread that loads the handler once (init)
 * and then runs one invocation at a time. Enforces the timeout (the thread is terminated, as
 * Lambda ends a sandbox) and turns a dying thread into the error Lambda reports.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Worker } from 'node:worker_threads';
import { newLogStreamName } from './functionEnvironment.js';
import { exitError, INIT_TIMEOUT_MS, outOfMemoryError, timeoutError } from './errors.js';
import type { EnvironmentHooks, ExecutionEnvironment, InitOutcome, MemoryInspection, RunOutcome, RunRequest } from './ExecutionEnvironment.js';
import type { FunctionError } from './types.js';
import { decodeResult, encodeInvoke } from './workerProtocol.js';
import type { AdoptMessage, EnvironmentMemory, FromWorker, FromWorkerWire, ToWorker, WorkerSetup } from './workerProtocol.js';
import { spareCanAdopt, type SpareThreads } from './SpareThreads.js';
import { startWorkerThread } from './startWorkerThread.js';

export interface FunctionWorkerOptions {
  bootstrapFile: string;
  setup: Omit<WorkerSetup, 'logStreamName'>;
  /** Builds this worker's env from its log stream name. */
  env(logStreamName: string): Record<string, string>;
  memorySizeMb: number;
  /** Threads started ahead: one of this memory size, when one waits, adopts this environment instead of a thread started for it. */
  spares?: SpareThreads;
}

interface Running {
  id: number;
  request: RunRequest;
  resolve: (outcome: RunOutcome) => void;
  timer: NodeJS.Timeout;
  onAbort: (() => void) | undefined;
}

let nextInvocationId = 0;

function onRunTimeout(worker: FunctionWorker, id: number): void {
  worker.timedOut(id);
}

export class FunctionWorker implements ExecutionEnvironment {
  readonly generation: number;
  /** Resolves when the handler module is loaded (or failed to load). */
  readonly ready: Promise<InitOutcome>;
  /** Init Duration still to report (on this worker's first invocation). */
  pendingInitDurationMs: number | undefined;
  private readonly worker: Worker;
  private running: Running | undefined;
  private crashError: Error | undefined;
  private exited = false;
  private terminating = false;
  private memoryUsedMb = 0;
  /** Memory inspections asked for and not answered yet, oldest first. */
  private readonly inspections: ((memory: EnvironmentMemory | undefined) => void)[] = [];

  constructor(
    options: FunctionWorkerOptions,
    generation: number,
    private readonly hooks: EnvironmentHooks,
  ) {
    this.generation = generation;
    const logStreamName = newLogStreamName(randomUUID());
    const started = performance.now();
    const setup: WorkerSetup = { ...options.setup, logStreamName };
    const env = options.env(logStreamName);
    const spares = options.spares;
    const spare = spares && spareCanAdopt(env) ? spares.take(options.memorySizeMb) : undefined;
    if (spare) {
      this.worker = spare;
      this.worker.postMessage({ type: 'adopt', setup, env } satisfies AdoptMessage);
    } else {
      this.worker = startWorkerThread(options.bootstrapFile, setup, env, options.memorySizeMb);
    }
    for (const output of [this.worker.stdout, this.worker.stderr]) {
      createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => hooks.log(line));
    }
    this.ready = new Promise<InitOutcome>((resolve) => {
      const initTimer = setTimeout(() => {
        resolve({ ok: false, timedOut: true, error: timeoutError('init', INIT_TIMEOUT_MS) });
        void this.terminate();
      }, INIT_TIMEOUT_MS);
      initTimer.unref();
      const onInit = (message: FromWorkerWire) => {
        if (typeof message === 'string') return;
        if (message.type === 'ready') {
          this.pendingInitDurationMs = performance.now() - started;
          resolve({ ok: true, initDurationMs: this.pendingInitDurationMs });
        } else if (message.type === 'init-error') {
          resolve({ ok: false, error: message.error });
        } else return;
        clearTimeout(initTimer);
        this.worker.off('message', onInit);
      };
      this.worker.on('message', onInit);
      this.worker.once('exit', (code) => {
        clearTimeout(initTimer);
        resolve({ ok: false, error: this.describeDeath(code, 'init') });
      });
    });
    this.worker.on('message', (message: FromWorkerWire) => this.onMessage(typeof message === 'string' ? decodeResult(message) : message));
    this.worker.on('error', (error) => {
      this.crashError = error;
    });
    this.worker.once('exit', (code) => this.onExit(code));
  }

  /** False once the thread exited or is being terminated: never hand it another invocation. */
  get alive(): boolean {
    return !this.exited && !this.terminating;
  }

  get maxMemoryUsedMb(): number {
    return this.memoryUsedMb;
  }

  /** Runs one invocation; the worker must be ready and idle. */
  run(request: RunRequest): Promise<RunOutcome> {
    const id = ++nextInvocationId;
    return new Promise<RunOutcome>((resolve) => {
      const deadlineMs = Date.now() + request.timeoutMs;
      // No named closures here: under tsx (esbuild `keepNames`) each costs a defineProperty per call.
      const running: Running = { id, request, resolve, timer: setTimeout(onRunTimeout, request.timeoutMs, this, id), onAbort: undefined };
      if (request.signal) {
        running.onAbort = () => this.post({ type: 'abort', id });
        request.signal.addEventListener('abort', running.onAbort, { once: true });
      }
      this.running = running;
      if (!this.exited) this.worker.postMessage(encodeInvoke({ type: 'invoke', id, requestId: request.requestId, event: request.event, deadlineMs, stream: request.stream !== undefined }));
      if (request.signal?.aborted) running.onAbort?.();
    });
  }

  /** The invocation `id` ran past its timeout: the thread is terminated, as Lambda ends the sandbox. */
  timedOut(id: number): void {
    const running = this.running;
    if (running?.id !== id) return;
    void this.terminate();
    this.finish({ kind: 'timeout', error: timeoutError(running.request.requestId, running.request.timeoutMs) });
  }

  /** The thread's heap now (after a full collection when asked); nothing once it has exited. */
  inspectMemory(options: MemoryInspection): Promise<EnvironmentMemory | undefined> {
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.inspections.push(resolve);
      this.post({ type: 'inspect-memory', ...options });
    });
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    this.terminating = true;
    await this.worker.terminate();
  }

  private post(message: ToWorker): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'log':
        this.hooks.log(message.line);
        return;
      case 'metadata':
        if (this.running?.id === message.id) this.running.request.stream?.onMetadata(message.metadata);
        return;
      case 'chunk':
        if (this.running?.id === message.id) this.running.request.stream?.onChunk(message.chunk);
        return;
      case 'result':
      case 'error':
        if (this.running?.id !== message.id) return;
        this.memoryUsedMb = message.memoryUsedMb;
        this.finish(message.type === 'result' ? { kind: 'result', payload: message.payload, memoryUsedMb: message.memoryUsedMb } : { kind: 'error', error: message.error, memoryUsedMb: message.memoryUsedMb });
        return;
      case 'memory':
        this.inspections.shift()?.(message.memory);
        return;
      default:
        return;
    }
  }

  private finish(outcome: RunOutcome): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    clearTimeout(running.timer);
    if (running.onAbort) running.request.signal?.removeEventListener('abort', running.onAbort);
    running.resolve(outcome);
  }

  private onExit(code: number): void {
    this.exited = true;
    for (const inspection of this.inspections.splice(0)) inspection(undefined);
    const requestId = this.running?.request.requestId ?? 'undefined';
    // A worker the runtime terminated itself (timeout, reload, close) did not crash.
    const error = this.terminating ? undefined : this.describeDeath(code, requestId);
    if (this.running) this.finish({ kind: 'crash', error: error ?? exitError(requestId, code) });
    this.hooks.onExit(this, error);
  }

  /** Lambda's report of a runtime that died: the uncaught error itself, out of memory, or the exit status. */
  private describeDeath(code: number, requestId: string): FunctionError {
    const error = this.crashError;
    if ((error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return outOfMemoryError(requestId);
    if (error) return { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] };
    return exitError(requestId, code);
  }
}
