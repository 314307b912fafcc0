/**
 * The contract between the Lambda runtime and whoever invokes functions
 * (the gateway, the SQS event source poller, the Step Functions runner, the CLI).
 */

/** What Lambda reports for an invocation that did not return normally. */
export interface FunctionError {
  /** `Error.name` of a thrown error, or Lambda's own: `Sandbox.Timedout`, `Runtime.ExitError`, `Runtime.ImportModuleError`, … */
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export type InvokeResult =
  | { status: 'ok'; payload: unknown; durationMs: number }
  /** The handler threw, crashed, or could not be loaded (Lambda's `FunctionError: Unhandled`). */
  | { status: 'error'; error: FunctionError; durationMs: number }
  /** The function ran past its `Timeout`. */
  | { status: 'timeout'; error: FunctionError; durationMs: number }
  /** Reserved concurrency exhausted: Lambda's 429 `TooManyRequestsException`. */
  | { status: 'throttled'; error: FunctionError; durationMs: number };

/** Receives a response-streaming handler's output as the handler writes it. */
export interface ResponseStreamSink {
  /** Prelude from `awslambda.HttpResponseStream.from(stream, metadata)`, before any body byte. */
  onMetadata(metadata: { statusCode?: number; headers?: Record<string, string>; cookies?: string[] }): void;
  onChunk(chunk: Uint8Array): void;
}

/** Who asks for an invocation, when the invoker says so (the console shows it). */
export interface InvocationTrigger {
  kind: 'route' | 'queue' | 's3' | 'authorizer' | 'stateMachine' | 'console' | 'direct';
  name?: string;
}

export interface InvokeOptions {
  /** Who asks (a state machine task, the console); otherwise read from the event's shape. */
  trigger?: InvocationTrigger;
  /** Aborting ends the handler's response stream (client went away). */
  signal?: AbortSignal;
  /** Set for `RESPONSE_STREAM` invocations; the handler must be wrapped in `awslambda.streamifyResponse`. */
  stream?: ResponseStreamSink;
}

/** One finished invocation, as the runtime reports it to an observer (the console's feed). */
export interface InvocationReport {
  functionId: string;
  requestId: string;
  /** Epoch ms when the handler was handed the event. */
  startedAt: number;
  /** The event as JSON text, as the function received it. */
  event: string;
  trigger?: InvocationTrigger;
  result: InvokeResult;
  /** A successful result's payload as the function returned it (JSON text; parsed in `result`). */
  payloadText?: string;
  initDurationMs?: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** What the function wrote while it ran (its log lines, START/END/REPORT excluded). */
  logLines: readonly string[];
}

/** Watches invocations as they start and end (the console's feed). */
export interface InvocationObserver {
  started(functionId: string): void;
  finished(report: InvocationReport): void;
}

export interface LambdaRuntime {
  /** Invokes a function by logical id (or function name) and resolves when the invocation ends. */
  invoke(functionId: string, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  /** Builds functions' code ahead of their first invocation (no environment starts); optional. */
  prepare?(functionIds?: string[]): Promise<unknown>;
  /** Stops every worker. */
  close(): Promise<void>;
}
