/**
 * Lambda's limits and error names, as the Lambda service and its Node.js runtime report them.
 *
 * Function errors (`FunctionError` in an {@link InvokeResult}) use the `errorType` strings Lambda
 * puts in the response payload; errors of the Invoke call itself (unknown function) are thrown as
 * {@link LambdaServiceError} subclasses carrying AWS's code and HTTP status.
 */
import type { FunctionError } from './types.js';

/** Largest synchronous (RequestResponse) response payload, in bytes (Lambda's documented 6 MB). */
export const MAX_SYNC_RESPONSE_BYTES = 6_291_556;
/** Largest synchronous request payload, in bytes. */
export const MAX_SYNC_REQUEST_BYTES = 6_291_456;
/** Lambda gives a function's init phase at most this long (on-demand functions). */
export const INIT_TIMEOUT_MS = 10_000;
/** Concurrent executions per function when the template reserves none (then invocations queue). */
export const DEFAULT_MAX_CONCURRENCY = 10;

/** `errorType` values Lambda and its Node.js runtime report. */
export const LambdaErrorType = {
  timeout: 'Sandbox.Timedout',
  exit: 'Runtime.ExitError',
  outOfMemory: 'Runtime.OutOfMemory',
  importModule: 'Runtime.ImportModuleError',
  handlerNotFound: 'Runtime.HandlerNotFound',
  malformedHandlerName: 'Runtime.MalformedHandlerName',
  userCodeSyntax: 'Runtime.UserCodeSyntaxError',
  unhandledRejection: 'Runtime.UnhandledPromiseRejection',
  responseTooLarge: 'Function.ResponseSizeTooLarge',
  requestTooLarge: 'RequestEntityTooLargeException',
  throttled: 'TooManyRequestsException',
  invalidRuntime: 'InvalidRuntimeException',
  invalidEntrypoint: 'Runtime.InvalidEntrypoint',
  invalidResponseMode: 'Runtime.InvalidResponseModeHeader',
  unknown: 'Runtime.Unknown',
} as const;

/** What the Lambda Runtime API answers a runtime that breaks its contract (status, `errorType`, `errorMessage`). */
export const RUNTIME_API_ERRORS = {
  invalidRequestId: { status: 400, errorType: 'InvalidRequestID', errorMessage: 'Invalid request ID' },
  invalidResponseMode: { status: 400, errorType: 'InvalidFunctionResponseMode', errorMessage: 'Invalid function response mode' },
  invalidStateTransition: { status: 403, errorType: 'InvalidStateTransition', errorMessage: 'State transition failed for runtime' },
  payloadTooLarge: { status: 413, errorType: 'RequestEntityTooLarge', errorMessage: `Exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).` },
  notFound: { status: 404, errorType: 'NotFound', errorMessage: 'Not found' },
} as const;

export type RuntimeApiErrorSpec = (typeof RUNTIME_API_ERRORS)[keyof typeof RUNTIME_API_ERRORS];

/** Largest streamed response (InvokeWithResponseStream, Function URLs in RESPONSE_STREAM mode): 200 MB. */
export const MAX_STREAMED_RESPONSE_BYTES = 200 * 1024 * 1024;

/** The `FunctionError` of a throttled invocation (Lambda answers HTTP 429). */
export function throttledError(): FunctionError {
  return { errorType: LambdaErrorType.throttled, errorMessage: 'Rate Exceeded.' };
}

/** Lambda's message for a timed-out invocation: `<date> <requestId> Task timed out after 1.00 seconds`. */
export function timeoutError(requestId: string, timeoutMs: number, at = new Date()): FunctionError {
  return {
    errorType: LambdaErrorType.timeout,
    errorMessage: `${at.toISOString()} ${requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
  };
}

/** The runtime (a worker or a process) exited during an invocation: with a status, or killed by a signal. */
export function exitError(requestId: string, exitCode: number | null, signal?: string | null): FunctionError {
  const reason = signal
    ? `Runtime exited with error: signal: ${signalName(signal)}`
    : exitCode === 0 || exitCode === null
      ? 'Runtime exited without providing a reason'
      : `Runtime exited with error: exit status ${exitCode}`;
  return { errorType: LambdaErrorType.exit, errorMessage: `RequestId: ${requestId} Error: ${reason}` };
}

/** Go's names for signals, as Lambda's messages print them (`signal: killed`). */
function signalName(signal: string): string {
  const names: Record<string, string> = { SIGKILL: 'killed', SIGTERM: 'terminated', SIGSEGV: 'segmentation fault', SIGABRT: 'aborted', SIGINT: 'interrupt' };
  return names[signal] ?? signal.toLowerCase();
}

/** A custom runtime without a usable `bootstrap`, in Lambda's words. */
export function invalidEntrypointError(message: string): FunctionError {
  return { errorType: LambdaErrorType.invalidEntrypoint, errorMessage: message };
}

/** The worker ran out of its `MemorySize` heap. */
export function outOfMemoryError(requestId: string): FunctionError {
  return {
    errorType: LambdaErrorType.outOfMemory,
    errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: signal: killed`,
  };
}

export function responseTooLargeError(): FunctionError {
  return {
    errorType: LambdaErrorType.responseTooLarge,
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`,
  };
}

export function requestTooLargeError(bytes: number): FunctionError {
  return {
    errorType: LambdaErrorType.requestTooLarge,
    errorMessage: `Request must be smaller than ${MAX_SYNC_REQUEST_BYTES} bytes for the InvokeFunction operation (got ${bytes}).`,
  };
}

/** A build (esbuild) failure, reported as Lambda reports a module that cannot be imported. */
export function buildFailedError(functionId: string, message: string): FunctionError {
  return {
    errorType: LambdaErrorType.importModule,
    errorMessage: `Error: could not build ${functionId}: ${message}`,
  };
}

/** Errors of the Invoke call itself (not of the function), with AWS's code and HTTP status. */
export class LambdaServiceError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly statusCode: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code;
  }
}

/** Invoke of a function the template does not define: Lambda's 404 `ResourceNotFoundException`. */
export class FunctionNotFoundError extends LambdaServiceError {
  constructor(functionId: string) {
    super(`Function not found: ${functionId}`, 'ResourceNotFoundException', 404);
  }
}

/** Invoke after `close()`. */
export class RuntimeClosedError extends LambdaServiceError {
  constructor() {
    super('The local Lambda runtime is closed', 'ServiceException', 500);
  }
}
