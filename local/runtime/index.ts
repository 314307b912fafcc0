export type { FunctionError, InvokeOptions, InvokeResult, LambdaRuntime, ResponseStreamSink } from './types.js';
export { createLambdaRuntime } from './createLambdaRuntime.js';
export { SerializedEvent, toEventJson } from './SerializedEvent.js';
export type { FunctionEnvironments, FunctionEnvironmentsMemory, LocalLambdaRuntime, PreparedFunction, RuntimeOptions } from './createLambdaRuntime.js';
export { invokeOnce } from './invokeOnce.js';
export { BatchedLineWriter, stdoutLines } from './BatchedLineWriter.js';
export type { InvokeOnceResult } from './invokeOnce.js';
export {
  DEFAULT_MAX_CONCURRENCY,
  FunctionNotFoundError,
  LambdaErrorType,
  LambdaServiceError,
  MAX_SYNC_REQUEST_BYTES,
  MAX_SYNC_RESPONSE_BYTES,
  RuntimeClosedError,
} from './errors.js';
