/**
 * One execution environment run as an OS process (Python, custom runtimes): the process is started
 * with `AWS_LAMBDA_RUNTIME_API` pointing at a Runtime API server of its own, its init ends at its
 * first `/next`, and each invocation is handed over through that API. A timeout kills the process
 * group (a custom runtime's children too), as Lambda ends a sandbox; a process that exits turns
 * into `Runtime.ExitError`. Max Memory Used is the process's peak resident set (`VmHWM`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { EnvironmentHooks, ExecutionEnvironment, InitOutcome, RunOutcome, RunRequest } from '../ExecutionEnvironment.js';
import { exitError, INIT_TIMEOUT_MS, invalidEntrypointError, timeoutError } from '../errors.js';
import { newLogStreamName } from '../functionEnvironment.js';
import { RuntimeApiServer, type RuntimeApiOutcome } from '../runtimeApi/RuntimeApiServer.js';
import type { FunctionError } from '../types.js';
import { peakMemoryMb } from './processMemory.js';

const OUTPUT_DRAIN_MS = 200;

export interface ProcessEnvironmentOptions {
  /** The runtime's command line: an interpreter and our bootstrap, or the function's own `bootstrap`. */
  command: string;
  args: string[];
  /** `LAMBDA_TASK_ROOT`, also the working directory (as `/var/task` on Lambda). */
  taskRoot: string;
  /** The environment without `AWS_LAMBDA_RUNTIME_API`, from the log stream name. */
  env(logStreamName: string): Record<string, string>;
  invokedFunctionArn: string;
}

interface Running {
  request: RunRequest;
  resolve: (outcome: RunOutcome) => void;
  timer: NodeJS.Timeout;
}

export class ProcessEnvironment implements ExecutionEnvironment {
  readonly generation: number;
  readonly ready: Promise<InitOutcome>;
  pendingInitDurationMs: number | undefined;
  private api: RuntimeApiServer | undefined;
  private child: ChildProcess | undefined;
  private running: Running | undefined;
  private exited = false;
  private terminating = false;
  private memoryUsedMb = 0;
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private onExitResolve!: (value: { code: number | null; signal: NodeJS.Signals | null }) => void;

  constructor(
    private readonly options: ProcessEnvironmentOptions,
    generation: number,
    private readonly hooks: EnvironmentHooks,
  ) {
    this.generation = generation;
    this.exit = new Promise((resolve) => (this.onExitResolve = resolve));
    this.ready = this.start();
  }

  get alive(): boolean {
    return !this.exited && !this.terminating;
  }

  get maxMemoryUsedMb(): number {
    return this.memoryUsedMb;
  }

  run(request: RunRequest): Promise<RunOutcome> {
    return new Promise<RunOutcome>((resolve) => {
      const api = this.api;
      if (!api || this.exited) return resolve({ kind: 'crash', error: exitError(request.requestId, null) });
      const running: Running = { request, resolve, timer: setTimeout(() => this.timedOut(running), request.timeoutMs) };
      this.running = running;
      // Busy, the process keeps the kit's event loop alive (a one-shot `genai-kit invoke` waits for it); idle, it does not.
      this.child?.ref();
      // A client that goes away does not stop the function (its stream's sink drops the rest).
      void api
        .invoke({ requestId: request.requestId, event: request.event, deadlineMs: Date.now() + request.timeoutMs, invokedFunctionArn: this.options.invokedFunctionArn, stream: request.stream })
        // One turn later: the lines the process printed before it answered are read from its pipe
        // first, so they come before END in the log, as on Lambda.
        .then((outcome) => setImmediate(() => this.answered(running, outcome)));
    });
  }

  private answered(running: Running, outcome: RuntimeApiOutcome): void {
    this.memoryUsedMb = this.child?.pid === undefined ? 0 : peakMemoryMb(this.child.pid, this.memoryUsedMb);
    this.finish(running, outcome.kind === 'result' ? { kind: 'result', payload: outcome.payload, memoryUsedMb: this.memoryUsedMb } : { kind: 'error', error: outcome.error, memoryUsedMb: this.memoryUsedMb });
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    this.terminating = true;
    // Whoever awaits the end (close, a one-shot invoke) must not see the event loop end first.
    this.child?.ref();
    this.kill();
    await this.exit;
  }

  private async start(): Promise<InitOutcome> {
    const started = performance.now();
    this.api = await RuntimeApiServer.start();
    const logStreamName = newLogStreamName(randomUUID());
    let child: ChildProcess;
    try {
      child = spawn(this.options.command, this.options.args, {
        cwd: this.options.taskRoot,
        env: { ...this.options.env(logStreamName), AWS_LAMBDA_RUNTIME_API: this.api.address },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout also ends what a bootstrap started (curl, a shell's children).
        detached: true,
      });
    } catch (error) {
      return this.failInit(spawnError(this.options.command, error));
    }
    this.child = child;
    const outputsRead = [child.stdout!, child.stderr!].map((output) => {
      const lines = createInterface({ input: output, crlfDelay: Infinity }).on('line', (line) => this.hooks.log(line));
      return new Promise<void>((resolve) => lines.once('close', resolve));
    });
    const spawnFailure = new Promise<FunctionError>((resolve) => child.once('error', (error) => resolve(spawnError(this.options.command, error))));
    // What the process printed before it exited belongs before the error it caused; a child it left
    // behind may hold the pipes open, so the wait is bounded.
    child.once('exit', (code, signal) => void settleWithin(Promise.all(outputsRead), OUTPUT_DRAIN_MS).then(() => this.onExit(code, signal)));
    let initTimer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.api.initialized.then((report): InitOutcome => (report.ok ? { ok: true, initDurationMs: performance.now() - started } : { ok: false, error: report.error })),
      this.exit.then((exit): InitOutcome => ({ ok: false, error: exitError('init', exit.code, exit.signal) })),
      spawnFailure.then((error): InitOutcome => ({ ok: false, error })),
      new Promise<InitOutcome>((resolve) => {
        initTimer = setTimeout(() => resolve({ ok: false, timedOut: true, error: timeoutError('init', INIT_TIMEOUT_MS) }), INIT_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(initTimer);
    child.unref();
    if (!outcome.ok) return this.failInit(outcome.error, outcome.timedOut);
    this.pendingInitDurationMs = outcome.initDurationMs;
    return outcome;
  }

  private failInit(error: FunctionError, timedOut?: boolean): InitOutcome {
    void this.terminate();
    return { ok: false, error, timedOut };
  }

  private timedOut(running: Running): void {
    if (this.running !== running) return;
    void this.terminate();
    this.finish(running, { kind: 'timeout', error: timeoutError(running.request.requestId, running.request.timeoutMs) });
  }

  private finish(running: Running, outcome: RunOutcome): void {
    if (this.running !== running) return;
    this.running = undefined;
    clearTimeout(running.timer);
    this.child?.unref();
    running.resolve(outcome);
  }

  private kill(): void {
    const pid = this.child?.pid;
    if (pid === undefined) {
      this.markExited();
      return;
    }
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      this.child?.kill('SIGKILL');
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    const running = this.running;
    // A process the runtime stopped itself (timeout, reload, close) did not crash.
    const error = this.terminating ? undefined : exitError(running?.request.requestId ?? 'undefined', code, signal);
    this.api?.abandon();
    if (running) this.finish(running, { kind: 'crash', error: error ?? exitError(running.request.requestId, code, signal) });
    this.markExited(error, { code, signal });
  }

  private markExited(error?: FunctionError, exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null }): void {
    if (this.exited) return;
    this.exited = true;
    this.onExitResolve(exit);
    void this.api?.close();
    this.hooks.onExit(this, error);
  }
}

function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function spawnError(command: string, error: unknown): FunctionError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return invalidEntrypointError(`Couldn't find valid bootstrap(s): [${command}]`);
  if (code === 'EACCES') return invalidEntrypointError(`fork/exec ${command}: permission denied`);
  return invalidEntrypointError(`fork/exec ${command}: ${error instanceof Error ? error.message : String(error)}`);
}
