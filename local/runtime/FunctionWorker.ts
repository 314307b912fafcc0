/**
 * One execution environment of a function: a worker thread that loads the handler once (init)
 * and then runs one invocation at a time. Enforces the timeout (the thread is terminated, as
 * Lambda ends a sandbox) and turns a dying thread into the error Lambda reports.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { newLogStreamName } from './functionEnvironment.js';
import { exitError, INIT_TIMEOUT_MS, outOfMemoryError, timeoutError } from './errors.js';
import type { FunctionError, ResponseStreamSink } from './types.js';
import { claimSlot, decodeResult, encodeInvoke, NO_SLOT, QUEUE_SLOTS } from './workerProtocol.js';
import type { FromWorker, FromWorkerWire, ToWorker, WorkerData, WorkerSetup } from './workerProtocol.js';

export type InitOutcome = { ok: true; initDurationMs: number } | { ok: false; error: FunctionError; timedOut?: boolean };

export type RunOutcome =
  | { kind: 'result'; payload: string | undefined; memoryUsedMb: number }
  | { kind: 'error'; error: FunctionError; memoryUsedMb: number }
  /** The worker died mid-invocation (exit, uncaught exception, out of memory). */
  | { kind: 'crash'; error: FunctionError }
  | { kind: 'timeout'; error: FunctionError }
  /** A queued invocation that never started (too long a wait, or the worker went away): run it elsewhere. */
  | { kind: 'requeue' };

/** A queued invocation that has not started after this long goes to another worker. */
export const REQUEUE_AFTER_MS = 2;

export interface RunRequest {
  requestId: string;
  /** The event as JSON text. */
  event: string;
  timeoutMs: number;
  stream?: ResponseStreamSink;
  signal?: AbortSignal;
  /**
   * Called once, with the `performance.now()` at which the invocation started: at once for an idle
   * worker, else when the worker reaches it (before anything of it is delivered).
   */
  onStart(startedAt: number): void;
}

export interface FunctionWorkerOptions {
  bootstrapFile: string;
  setup: Omit<WorkerSetup, 'logStreamName'>;
  /** Builds this worker's env from its log stream name. */
  env(logStreamName: string): Record<string, string>;
  memorySizeMb: number;
  generation: number;
  log(line: string): void;
  /** Called once when the thread has exited, for whatever reason. */
  onExit(worker: FunctionWorker, error: FunctionError | undefined): void;
}

interface Running {
  id: number;
  request: RunRequest;
  resolve: (outcome: RunOutcome) => void;
  timer: NodeJS.Timeout;
  onAbort: (() => void) | undefined;
  /** Queue slot while queued behind another invocation (`NO_SLOT` once started or never queued). */
  slot: number;
  requeueTimer: NodeJS.Timeout | undefined;
  /** When it started (known once the invocation before it ended); undefined while queued. */
  startedAt: number | undefined;
  started: boolean;
}

let nextInvocationId = 0;

function onRunTimeout(worker: FunctionWorker, id: number): void {
  worker.timedOut(id);
}

function onRequeueTimeout(worker: FunctionWorker, id: number): void {
  worker.requeue(id);
}

export class FunctionWorker {
  readonly generation: number;
  /** Resolves when the handler module is loaded (or failed to load). */
  readonly ready: Promise<InitOutcome>;
  /** Init Duration still to report (on this worker's first invocation). */
  pendingInitDurationMs: number | undefined;
  private readonly worker: Worker;
  /** Invocations handed to the thread, oldest (the one running) first. */
  private readonly runs = new Map<number, Running>();
  private readonly slots = new Int32Array(new SharedArrayBuffer(QUEUE_SLOTS * Int32Array.BYTES_PER_ELEMENT));
  private crashError: Error | undefined;
  private exited = false;
  private terminating = false;
  private memoryUsedMb = 0;

  constructor(private readonly options: FunctionWorkerOptions) {
    this.generation = options.generation;
    const logStreamName = newLogStreamName(randomUUID());
    const started = performance.now();
    this.worker = new Worker(options.bootstrapFile, {
      workerData: { setup: { ...options.setup, logStreamName }, queueSlots: this.slots.buffer as SharedArrayBuffer } satisfies WorkerData,
      env: options.env(logStreamName),
      // Not the parent's flags (tsx or vitest loaders): function code runs on plain Node, as in Lambda.
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(options.memorySizeMb, 64) },
    });
    this.worker.unref();
    for (const output of [this.worker.stdout, this.worker.stderr]) {
      createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => options.log(line));
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

  /** Invocations handed to this worker and not finished (the first one runs, the others wait). */
  get inFlight(): number {
    return this.runs.size;
  }

  /** Whether a short invocation may be queued behind the ones this worker has (busy, fewer than `depth` waiting, a free slot). */
  canQueue(depth: number): boolean {
    if (!this.alive || this.runs.size === 0 || this.runs.size > depth) return false;
    return this.freeSlot() !== NO_SLOT;
  }

  /**
   * Runs one invocation. On an idle worker it starts at once; with `queue` it waits behind the
   * worker's current ones (see `canQueue`) and resolves `requeue` if it has not started in
   * `REQUEUE_AFTER_MS` (it then never runs here).
   */
  run(request: RunRequest, queue = false): Promise<RunOutcome> {
    const id = ++nextInvocationId;
    return new Promise<RunOutcome>((resolve) => {
      const deadlineMs = Date.now() + request.timeoutMs;
      // No named closures here: under tsx (esbuild `keepNames`) each costs a defineProperty per call.
      const slot = queue ? this.freeSlot() : NO_SLOT;
      const running: Running = {
        id,
        request,
        resolve,
        timer: setTimeout(onRunTimeout, request.timeoutMs, this, id),
        onAbort: undefined,
        slot,
        requeueTimer: slot === NO_SLOT ? undefined : setTimeout(onRequeueTimeout, REQUEUE_AFTER_MS, this, id),
        startedAt: slot === NO_SLOT ? performance.now() : undefined,
        started: false,
      };
      if (slot !== NO_SLOT) Atomics.store(this.slots, slot, id);
      if (request.signal) {
        running.onAbort = () => this.post({ type: 'abort', id });
        request.signal.addEventListener('abort', running.onAbort, { once: true });
      }
      this.runs.set(id, running);
      if (slot === NO_SLOT) this.markStarted(running);
      if (!this.exited) this.worker.postMessage(encodeInvoke({ type: 'invoke', id, requestId: request.requestId, event: request.event, deadlineMs, stream: request.stream !== undefined, slot }));
      if (request.signal?.aborted) running.onAbort?.();
    });
  }

  /** The invocation `id` ran past its timeout: the thread is terminated, as Lambda ends the sandbox. */
  timedOut(id: number): void {
    const running = this.runs.get(id);
    if (!running) return;
    if (this.takeBack(running)) return this.finish(running, { kind: 'requeue' });
    void this.terminate();
    this.finish(running, { kind: 'timeout', error: timeoutError(running.request.requestId, running.request.timeoutMs) });
  }

  /** A queued invocation waited too long: take it back unless the worker has just started it. */
  requeue(id: number): void {
    const running = this.runs.get(id);
    if (running && this.takeBack(running)) this.finish(running, { kind: 'requeue' });
  }

  private freeSlot(): number {
    for (let slot = 0; slot < QUEUE_SLOTS; slot++) if (Atomics.load(this.slots, slot) === 0) return slot;
    return NO_SLOT;
  }

  /** True when the runtime got the queued invocation back before the worker started it. */
  private takeBack(running: Running): boolean {
    return running.slot !== NO_SLOT && !running.started && claimSlot(this.slots, running.slot, running.id);
  }

  private markStarted(running: Running): void {
    if (running.started) return;
    running.started = true;
    clearTimeout(running.requeueTimer);
    running.request.onStart(running.startedAt ?? performance.now());
  }

  /** The oldest invocation handed over: the one the thread runs now (messages arrive in order). */
  private current(): Running | undefined {
    const oldest = this.runs.values().next().value as Running | undefined;
    if (oldest) this.markStarted(oldest);
    return oldest;
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
        this.current();
        this.options.log(message.line);
        return;
      case 'metadata':
        if (this.current()?.id === message.id) this.runs.get(message.id)?.request.stream?.onMetadata(message.metadata);
        return;
      case 'chunk':
        if (this.current()?.id === message.id) this.runs.get(message.id)?.request.stream?.onChunk(message.chunk);
        return;
      case 'result':
      case 'error': {
        const running = this.current();
        if (running?.id !== message.id) return;
        this.memoryUsedMb = message.memoryUsedMb;
        this.finish(running, message.type === 'result' ? { kind: 'result', payload: message.payload, memoryUsedMb: message.memoryUsedMb } : { kind: 'error', error: message.error, memoryUsedMb: message.memoryUsedMb });
        // The next queued invocation starts now in the thread (it is reported when its first message comes).
        const next = this.runs.values().next().value as Running | undefined;
        if (next && next.startedAt === undefined) next.startedAt = performance.now();
        return;
      }
      default:
        return;
    }
  }

  private finish(running: Running, outcome: RunOutcome): void {
    if (!this.runs.delete(running.id)) return;
    clearTimeout(running.timer);
    clearTimeout(running.requeueTimer);
    if (running.onAbort) running.request.signal?.removeEventListener('abort', running.onAbort);
    running.resolve(outcome);
  }

  private onExit(code: number): void {
    this.exited = true;
    const runs = [...this.runs.values()];
    const requestId = runs[0]?.request.requestId ?? 'undefined';
    // A worker the runtime terminated itself (timeout, reload, close) did not crash.
    const error = this.terminating ? undefined : this.describeDeath(code, requestId);
    for (const running of runs) {
      // Invocations still queued never started here: they go to another worker.
      if (this.takeBack(running)) this.finish(running, { kind: 'requeue' });
      else {
        this.markStarted(running);
        this.finish(running, { kind: 'crash', error: error ?? exitError(running.request.requestId, code) });
      }
    }
    this.options.onExit(this, error);
  }

  /** Lambda's report of a runtime that died: the uncaught error itself, out of memory, or the exit status. */
  private describeDeath(code: number, requestId: string): FunctionError {
    const error = this.crashError;
    if ((error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return outOfMemoryError(requestId);
    if (error) return { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] };
    return exitError(requestId, code);
  }
}
