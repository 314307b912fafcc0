/**
 * Messages between a function's worker thread and the runtime (main thread).
 * Payloads travel as JSON text, as Lambda serialises them, never as structured clones.
 */
import type { FunctionError, ResponseStreamSink } from './types.js';

/** What the worker needs to load the handler (its `workerData`). */
export interface WorkerSetup {
  /** Absolute path of the module file to load. */
  moduleFile: string;
  /** How to load it: `require` for CommonJS, `import` for ES modules. */
  loader: 'require' | 'import';
  /** Handler as written in the template (for error messages). */
  handler: string;
  /** Export path inside the module (`handler`, or `a.b` for nested exports). */
  exportPath: string[];
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  /** Turn on source-mapped stack traces (bundles built with `sourcemap`). */
  sourceMaps: boolean;
}

export type StreamMetadata = Parameters<ResponseStreamSink['onMetadata']>[0];

export type ToWorker =
  | {
      type: 'invoke';
      id: number;
      requestId: string;
      /** The event as JSON text. */
      event: string;
      /** Epoch milliseconds at which the invocation times out. */
      deadlineMs: number;
      /** True for `RESPONSE_STREAM` invocations. */
      stream: boolean;
    }
  | { type: 'abort'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: FunctionError }
  | { type: 'log'; line: string }
  | { type: 'metadata'; id: number; metadata: StreamMetadata }
  | { type: 'chunk'; id: number; chunk: Uint8Array }
  /** `payload` is JSON text (`undefined` for a handler that returned nothing). */
  | { type: 'result'; id: number; payload: string | undefined; memoryUsedMb: number }
  | { type: 'error'; id: number; error: FunctionError; memoryUsedMb: number };
