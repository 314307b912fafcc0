/**
 * The execution environments of one function (worker threads or processes, whichever its runtime
 * needs): created on demand (cold starts), kept warm, one invocation each at a time. Reserved
 * concurrency throttles beyond its limit; without it, invocations beyond the default cap wait for
 * a free environment. Logs START/END/REPORT.
 *
 * A request that finds no idle environment queues and starts one (under the cap and the runtime's
 * cold-start gate); whichever environment is ready first serves the oldest request waiting, so a
 * burst is served by the environments already warm while new ones initialise.
 */
import { randomUUID } from 'node:crypto';
import type { FunctionDef } from '../template/model.js';
import type { ColdStartGate } from './ColdStartGate.js';
import { MAX_SYNC_REQUEST_BYTES, requestTooLargeError, throttledError } from './errors.js';
import type { CodeOutcome, CodeSource, EnvironmentFactory, ExecutionEnvironment, InitOutcome, RunOutcome } from './ExecutionEnvironment.js';
import { endLine, reportLine, startLine } from './invocationLog.js';
import { toEventJson } from './SerializedEvent.js';
import { invokeErrorLogMessage } from './worker/toFunctionError.js';
import type { FunctionError, InvocationObserver, InvokeOptions, InvokeResult } from './types.js';
import type { EnvironmentMemory } from './workerProtocol.js';

/** The environments that answered, and their heaps summed. */
export interface EnvironmentsMemory extends EnvironmentMemory {
  count: number;
}

export interface FunctionPoolOptions<C> {
  code: CodeSource<C>;
  createEnvironment: EnvironmentFactory<C>;
  /** Environments at most when the function reserves no concurrency. */
  maxConcurrency: number;
  /** Shared by every pool of a runtime: how many environments initialise at once. */
  coldStarts: ColdStartGate;
  log(line: string): void;
  /** Told of every invocation that starts and ends, with the lines the function logged during it. */
  observer?: InvocationObserver;
}

const NO_LOG_LINES: readonly string[] = Object.freeze([]);

/** What a queued request is handed: a ready environment, the failed init of the one it started, or nothing (try again). */
type Handed = { worker: ExecutionEnvironment } | { initFailed: Extract<InitOutcome, { ok: false }> } | undefined;
type Waiter = (handed: Handed) => void;

export class FunctionPool<C = unknown> {
  private readonly workers = new Set<ExecutionEnvironment>();
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly waiters: Waiter[] = [];
  /** Cold starts waiting for a slot of the gate. */
  private starting = 0;
  /** Environments started and not yet ready: their end is reported by their init, not their exit. */
  private readonly initialising = new Set<ExecutionEnvironment>();
  /** Lines each busy environment logs, kept only while an observer listens. */
  private readonly capturedLines = new Map<ExecutionEnvironment, string[]>();
  private inFlight = 0;
  private closed = false;
  /** The last settled promise of the code source, with its outcome. */
  private knownCode: { pending: Promise<CodeOutcome<C>>; outcome: CodeOutcome<C> } | undefined;

  constructor(
    readonly fn: FunctionDef,
    private readonly options: FunctionPoolOptions<C>,
  ) {}

  private get cap(): number {
    return this.fn.reservedConcurrency ?? this.options.maxConcurrency;
  }

  async invoke(event: unknown, invokeOptions: InvokeOptions = {}): Promise<InvokeResult> {
    const eventJson = toEventJson(event);
    if (eventJson.length > MAX_SYNC_REQUEST_BYTES / 3 && Buffer.byteLength(eventJson) > MAX_SYNC_REQUEST_BYTES) {
      return { status: 'error', error: requestTooLargeError(Buffer.byteLength(eventJson)), durationMs: 0 };
    }
    if (this.fn.reservedConcurrency !== undefined && this.inFlight >= this.fn.reservedConcurrency) {
      return { status: 'throttled', error: throttledError(), durationMs: 0 };
    }
    this.inFlight++;
    this.options.observer?.started(this.fn.logicalId);
    try {
      return await this.invokeOnWorker(eventJson, invokeOptions);
    } finally {
      this.inFlight--;
    }
  }

  /** No environment yet, nor one starting: the next invocation is the function's first cold start. */
  get hasNoEnvironment(): boolean {
    return this.workers.size === 0 && this.starting === 0;
  }

  /** Builds the code now instead of on the first invocation. */
  async prepare(): Promise<CodeOutcome<C>> {
    return this.options.code.current();
  }

  /** Its environments now, and the memory they last reported (each one's at its latest invocation). */
  environments(): { count: number; memoryUsedMb: number } {
    let memoryUsedMb = 0;
    for (const worker of this.workers) memoryUsedMb += worker.maxMemoryUsedMb;
    return { count: this.workers.size, memoryUsedMb };
  }

  /** Its environments' heaps now, summed (the soak's measure); the oldest one's heap snapshot too when a file is given. */
  async inspectEnvironments(collectGarbage: boolean, heapSnapshotFile?: string): Promise<EnvironmentsMemory> {
    const measured = await Promise.all([...this.workers].map((worker, i) => worker.inspectMemory?.({ collectGarbage, heapSnapshotFile: i === 0 ? heapSnapshotFile : undefined })));
    const total: EnvironmentsMemory = { count: 0, heapUsedMb: 0, heapResidentMb: 0, youngResidentMb: 0, externalMb: 0 };
    for (const memory of measured) {
      if (!memory) continue;
      total.count++;
      total.heapUsedMb += memory.heapUsedMb;
      total.heapResidentMb += memory.heapResidentMb;
      total.youngResidentMb += memory.youngResidentMb;
      total.externalMb += memory.externalMb;
    }
    return total;
  }

  /** Retires idle workers of older code (busy ones are retired when they finish). */
  retireStale(): void {
    const generation = this.options.code.currentGeneration;
    for (const worker of this.idle.splice(0)) {
      if (worker.generation === generation) this.idle.push(worker);
      else this.retire(worker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
    this.idle.length = 0;
    await Promise.all([...this.workers].map((worker) => worker.terminate()));
  }

  private async invokeOnWorker(eventJson: string, invokeOptions: InvokeOptions): Promise<InvokeResult> {
    for (;;) {
      const current = this.currentCode();
      const build = current instanceof Promise ? await current : current;
      const requestId = randomUUID();
      if (!build.ok) return this.failWithoutWorker(requestId, build.error);
      const handed = this.takeIdle(build.generation) ?? (await this.waitForEnvironment(build.code, build.generation));
      if (!handed) {
        if (this.closed) return this.failWithoutWorker(requestId, { errorType: 'ServiceException', errorMessage: 'The local Lambda runtime is closed' });
        continue;
      }
      if ('initFailed' in handed) {
        const { error, timedOut } = handed.initFailed;
        if (timedOut) return { status: 'timeout', error, durationMs: 0 };
        // The environment has logged its own init error.
        return this.failWithoutWorker(requestId, error, false);
      }
      const worker = handed.worker;
      try {
        return await this.run(worker, requestId, eventJson, invokeOptions);
      } finally {
        this.release(worker);
      }
    }
  }

  /**
   * The code to run: the outcome itself once the code source's current promise has settled (every
   * invocation after the first), so that the common path waits on no promise.
   */
  private currentCode(): CodeOutcome<C> | Promise<CodeOutcome<C>> {
    const pending = this.options.code.current();
    if (pending === this.knownCode?.pending) return this.knownCode.outcome;
    return pending.then((outcome) => {
      this.knownCode = { pending, outcome };
      return outcome;
    });
  }

  private async run(worker: ExecutionEnvironment, requestId: string, eventJson: string, invokeOptions: InvokeOptions): Promise<InvokeResult> {
    const initDurationMs = worker.pendingInitDurationMs;
    worker.pendingInitDurationMs = undefined;
    this.options.log(startLine(requestId));
    const logLines: string[] | undefined = this.options.observer ? [] : undefined;
    if (logLines) this.capturedLines.set(worker, logLines);
    const startedAt = Date.now();
    const started = performance.now();
    let outcome: RunOutcome;
    try {
      outcome = await worker.run({ requestId, event: eventJson, timeoutMs: this.fn.timeout * 1000, stream: invokeOptions.stream, signal: invokeOptions.signal });
    } finally {
      if (logLines) this.capturedLines.delete(worker);
    }
    const durationMs = outcome.kind === 'timeout' ? this.fn.timeout * 1000 : performance.now() - started;
    const result = toInvokeResult(outcome, durationMs);
    if (outcome.kind === 'timeout') this.options.log(outcome.error.errorMessage);
    if (outcome.kind === 'crash') this.logError(requestId, outcome.error, 'Uncaught Exception');
    this.options.log(endLine(requestId));
    this.options.log(
      reportLine({
        requestId,
        durationMs,
        memorySizeMb: this.fn.memorySize,
        maxMemoryUsedMb: worker.maxMemoryUsedMb,
        initDurationMs,
        status: outcome.kind === 'timeout' ? 'timeout' : outcome.kind === 'crash' ? 'error' : undefined,
        errorType: outcome.kind === 'crash' ? outcome.error.errorType : undefined,
      }),
    );
    this.options.observer?.finished({
      functionId: this.fn.logicalId,
      requestId,
      startedAt,
      event: eventJson,
      trigger: invokeOptions.trigger,
      result,
      payloadText: outcome.kind === 'result' ? outcome.payload : undefined,
      initDurationMs,
      memorySizeMb: this.fn.memorySize,
      maxMemoryUsedMb: worker.maxMemoryUsedMb,
      // Reports are kept (the console's history): one shared array for the many that logged nothing.
      logLines: logLines?.length ? logLines : NO_LOG_LINES,
    });
    return result;
  }

  /** An invocation that never reached a handler (build or init failure): logged as Lambda logs it. */
  private failWithoutWorker(requestId: string, error: FunctionError, logError = true): InvokeResult {
    if (logError) this.logError(requestId, error, 'Init Error');
    this.options.log(startLine(requestId));
    this.options.log(endLine(requestId));
    this.options.log(reportLine({ requestId, durationMs: 0, memorySizeMb: this.fn.memorySize, maxMemoryUsedMb: 0, status: 'error', errorType: error.errorType }));
    const result: InvokeResult = { status: 'error', error, durationMs: 0 };
    this.options.observer?.finished({ functionId: this.fn.logicalId, requestId, startedAt: Date.now(), event: '', result, memorySizeMb: this.fn.memorySize, maxMemoryUsedMb: 0, logLines: NO_LOG_LINES });
    return result;
  }

  private logError(requestId: string, error: FunctionError, label: string): void {
    this.options.log(`${new Date().toISOString()}\t${requestId}\tERROR\t${invokeErrorLogMessage(error, label)}`);
  }

  /** A warm worker of the current code, if one is idle (retiring idle ones of older code on the way). */
  private takeIdle(generation: number): Handed {
    if (this.closed) return undefined;
    for (let worker = this.idle.pop(); worker; worker = this.idle.pop()) {
      if (worker.generation === generation && worker.alive) return { worker };
      this.retire(worker);
    }
    return undefined;
  }

  /** The first environment freed or started (a cold start under the cap); nothing when the pool closes. */
  private waitForEnvironment(code: C, generation: number): Promise<Handed> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise<Handed>((resolve) => {
      this.waiters.push(resolve);
      if (this.workers.size + this.starting < this.cap) void this.startEnvironment(code, generation);
    });
  }

  /** A cold start: waits for a slot, initialises, then serves whoever waits first (or idles). */
  private async startEnvironment(code: C, generation: number): Promise<void> {
    this.starting++;
    const leave = await this.options.coldStarts.enter();
    // Environments freed while this one waited for its slot may have served every request.
    if (this.closed || this.waiters.length === 0) {
      this.starting--;
      leave();
      return;
    }
    const worker = this.spawn(code, generation);
    this.initialising.add(worker);
    this.starting--;
    const init = await worker.ready;
    this.initialising.delete(worker);
    leave();
    if (init.ok) return this.release(worker);
    // The oldest request gets the init error, as the one whose cold start failed; the next tries its own.
    const waiter = this.waiters.shift();
    this.retire(worker);
    waiter?.({ initFailed: init });
  }

  private release(worker: ExecutionEnvironment): void {
    if (!worker.alive || worker.generation !== this.options.code.currentGeneration || this.closed) {
      this.retire(worker);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter({ worker });
    else this.idle.push(worker);
  }

  private retire(worker: ExecutionEnvironment): void {
    this.workers.delete(worker);
    void worker.terminate();
    this.wakeWaiter();
  }

  /** A worker slot opened: the first waiter goes back through the build check and acquires anew. */
  private wakeWaiter(): void {
    if (this.workers.size + this.starting < this.cap) this.waiters.shift()?.(undefined);
  }

  private spawn(code: C, generation: number): ExecutionEnvironment {
    const worker: ExecutionEnvironment = this.options.createEnvironment(code, generation, {
      log: (line) => {
        this.capturedLines.get(worker)?.push(line);
        this.options.log(line);
      },
      onExit: (exited, error) => {
        const idleIndex = this.idle.indexOf(exited);
        if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
        // Between invocations nobody else reports the crash: log it as Lambda would.
        if (error && idleIndex >= 0) this.logError('undefined', error, 'Uncaught Exception');
        if (this.workers.delete(exited) && !this.initialising.has(exited)) this.wakeWaiter();
      },
    });
    this.workers.add(worker);
    return worker;
  }
}

function toInvokeResult(outcome: RunOutcome, durationMs: number): InvokeResult {
  switch (outcome.kind) {
    case 'result':
      return { status: 'ok', payload: outcome.payload === undefined ? undefined : parsePayload(outcome.payload), durationMs };
    case 'error':
    case 'crash':
      return { status: 'error', error: outcome.error, durationMs };
    case 'timeout':
      return { status: 'timeout', error: outcome.error, durationMs };
  }
}

/** The payload as JSON; a runtime that answered something else (a custom runtime's plain text) gets its text back, as Lambda returns raw bytes. */
function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}
