import type { FunctionDef } from '../template/model.js';
import { SerializedEvent } from './SerializedEvent.js';
import type { InvokeResult, LambdaRuntime } from './types.js';

/** One finished invocation of a function, whoever invoked it (gateway, event source, state machine, S3 event). */
export interface FunctionInvocation {
  /** The function's logical id in the template. */
  functionId: string;
  functionName: string;
  /** When the invocation started (ISO 8601). */
  startedAt: string;
  event: unknown;
  status: InvokeResult['status'];
  /** What the handler returned (`status: 'ok'`; absent for a streamed response). */
  payload?: unknown;
  /** Lambda's error (`status` other than `ok`). */
  error?: { errorType: string; errorMessage: string };
  durationMs: number;
}

/** Invocations kept by default: the oldest go first. */
const DEFAULT_LIMIT = 1_000;

/**
 * The runtime's memory of finished invocations, oldest first and bounded, for tests that assert
 * what a function received and answered (`stack.invocations('ChatFunction')`).
 */
export class FunctionInvocationLog {
  private records: FunctionInvocation[] = [];
  private readonly byId = new Map<string, FunctionDef>();

  constructor(
    functions: readonly FunctionDef[],
    private readonly limit = DEFAULT_LIMIT,
  ) {
    for (const fn of functions) for (const key of [fn.logicalId, fn.functionName, fn.arn, `${fn.arn}:$LATEST`]) this.byId.set(key, fn);
  }

  add(functionRef: string, event: unknown, startedAt: Date, result: InvokeResult): void {
    const fn = this.byId.get(functionRef);
    const record: FunctionInvocation = {
      functionId: fn?.logicalId ?? functionRef,
      functionName: fn?.functionName ?? functionRef,
      startedAt: startedAt.toISOString(),
      event,
      status: result.status,
      durationMs: result.durationMs,
      ...(result.status === 'ok' ? { payload: result.payload } : { error: { errorType: result.error.errorType, errorMessage: result.error.errorMessage } }),
    };
    this.records.push(record);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
  }

  /** Invocations of one function (logical id, name or ARN), or of every function. */
  list(functionRef?: string): FunctionInvocation[] {
    const fn = functionRef === undefined ? undefined : this.byId.get(functionRef);
    const id = fn?.logicalId ?? functionRef;
    const records = id === undefined ? [...this.records] : this.records.filter((record) => record.functionId === id);
    // Events handed over as JSON text are parsed when someone looks, never on the invocation's path.
    for (const record of records) if (record.event instanceof SerializedEvent) record.event = JSON.parse(record.event.json) as unknown;
    return records;
  }

  clear(): void {
    this.records = [];
  }
}

/**
 * Records every invocation of `runtime` in `log` once it ends (a failed one too). The runtime is
 * changed in place, so everything already holding it records; returns the log.
 */
export function recordInvocations(runtime: LambdaRuntime, log: FunctionInvocationLog): FunctionInvocationLog {
  const invoke = runtime.invoke.bind(runtime);
  runtime.invoke = async (functionId, event, options) => {
    const startedAt = new Date();
    const result = await invoke(functionId, event, options);
    log.add(functionId, event, startedAt, result);
    return result;
  };
  return log;
}
