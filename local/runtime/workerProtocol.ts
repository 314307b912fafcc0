/**
 * Messages between a function's worker thread and the runtime (main thread).
 * Payloads travel as JSON text, as Lambda serialises them, never as structured clones.
 *
 * The two messages of every invocation (invoke, and its plain result) travel as one string each:
 * cloning a string costs a copy, cloning an object of six fields costs ~3 µs per hop. The rest
 * (logs, stream metadata and chunks, errors) are objects.
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

/** The `workerData` of a spare thread: booted ahead of need, it waits for an `adopt` message. */
export interface SpareThreadData {
  spare: true;
}

/** The first and only message a spare thread waits for: what a thread started for the function gets at its start. */
export interface AdoptMessage {
  type: 'adopt';
  setup: WorkerSetup;
  /** The function's `process.env`. */
  env: Record<string, string>;
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
  | { type: 'abort'; id: number }
  /** Asked between invocations (or during one): the isolate's heap now, after a full collection when asked. */
  | { type: 'inspect-memory'; collectGarbage: boolean; heapSnapshotFile?: string };

/** The `invoke` message as sent: `<id>\n<requestId>\n<deadlineMs>\n<0|1 stream>\n<event JSON>`. */
export function encodeInvoke(message: InvokeMessage): string {
  return `${message.id}\n${message.requestId}\n${message.deadlineMs}\n${message.stream ? 1 : 0}\n${message.event}`;
}

export function decodeInvoke(text: string): InvokeMessage {
  const a = text.indexOf('\n');
  const b = text.indexOf('\n', a + 1);
  const c = text.indexOf('\n', b + 1);
  return {
    type: 'invoke',
    id: Number(text.slice(0, a)),
    requestId: text.slice(a + 1, b),
    deadlineMs: Number(text.slice(b + 1, c)),
    stream: text.charCodeAt(c + 1) === 49,
    event: text.slice(c + 3),
  };
}

/** A plain result as sent: `<id>\n<memoryUsedMb>\n<payload JSON>` (nothing after the second newline: no payload). */
export function encodeResult(message: ResultMessage): string {
  return `${message.id}\n${message.memoryUsedMb}\n${message.payload ?? ''}`;
}

export function decodeResult(text: string): ResultMessage {
  const a = text.indexOf('\n');
  const b = text.indexOf('\n', a + 1);
  return { type: 'result', id: Number(text.slice(0, a)), memoryUsedMb: Number(text.slice(a + 1, b)), payload: b + 1 === text.length ? undefined : text.slice(b + 1) };
}

export type InvokeMessage = Extract<ToWorker, { type: 'invoke' }>;
export type ResultMessage = Extract<FromWorker, { type: 'result' }>;

/** What travels from the worker: the encoded result, or one of the object messages. */
export type FromWorkerWire = string | Exclude<FromWorker, ResultMessage>;

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-error'; error: FunctionError }
  | { type: 'log'; line: string }
  | { type: 'metadata'; id: number; metadata: StreamMetadata }
  | { type: 'chunk'; id: number; chunk: Uint8Array }
  /** `payload` is JSON text (`undefined` for a handler that returned nothing). */
  | { type: 'result'; id: number; payload: string | undefined; memoryUsedMb: number }
  | { type: 'error'; id: number; error: FunctionError; memoryUsedMb: number }
  | { type: 'memory'; memory: EnvironmentMemory };

/** One environment's heap as its isolate reports it, in MB. */
export interface EnvironmentMemory {
  /** Live objects (after a full collection when one was asked for), garbage not yet collected otherwise. */
  heapUsedMb: number;
  /** The heap's resident pages (what it holds of RSS). */
  heapResidentMb: number;
  /** Of those, the young generation's (its semi-spaces grow with the allocation rate, up to their limit). */
  youngResidentMb: number;
  externalMb: number;
}
