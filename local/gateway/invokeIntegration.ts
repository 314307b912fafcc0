/**
 * Calls a function through the runtime on behalf of an integration, bounded by the integration
 * timeout (REST APIs: 29 s, HTTP APIs: 30 s): if the function runs longer than the API waits,
 * the API answers on its own while the function keeps running, as on AWS.
 *
 * A function that reaches its own `Timeout` is a function error (Lambda answers the invoke with
 * `Sandbox.Timedout` / "Task timed out"), not an integration timeout: only the API's own deadline
 * yields `timeout`.
 */
import type { FunctionError, InvokeOptions, InvokeResult, LambdaRuntime } from '../runtime/types.js';

export type IntegrationOutcome =
  | { kind: 'ok'; payload: unknown; durationMs: number }
  | { kind: 'error'; error: FunctionError }
  /** The API's own integration deadline passed while the function still ran. */
  | { kind: 'timeout' }
  | { kind: 'throttled'; error: FunctionError };

function toOutcome(result: InvokeResult): IntegrationOutcome {
  switch (result.status) {
    case 'ok':
      return { kind: 'ok', payload: result.payload, durationMs: result.durationMs };
    case 'error':
      return { kind: 'error', error: result.error };
    case 'timeout':
      // The function reached its own Timeout: Lambda reports a function error.
      return { kind: 'error', error: result.error };
    case 'throttled':
      return { kind: 'throttled', error: result.error };
  }
}

function toErrorOutcome(cause: unknown): IntegrationOutcome {
  return {
    kind: 'error',
    error: {
      errorType: cause instanceof Error ? cause.name : 'Error',
      errorMessage: cause instanceof Error ? cause.message : String(cause),
      trace: cause instanceof Error && cause.stack ? cause.stack.split('\n') : undefined,
    },
  };
}

/** One integration waiting on its function and on the API's deadline, whichever ends first. */
class PendingIntegration {
  timer: NodeJS.Timeout | undefined;
  constructor(readonly resolve: (outcome: IntegrationOutcome) => void) {}

  settle(outcome: IntegrationOutcome): void {
    clearTimeout(this.timer);
    this.resolve(outcome);
  }
}

function onIntegrationTimeout(pending: PendingIntegration): void {
  pending.resolve({ kind: 'timeout' });
}

/** Invokes `functionId` and folds every way it can end into one outcome (never rejects). */
export function invokeIntegration(
  runtime: LambdaRuntime,
  functionId: string,
  event: unknown,
  timeoutMs: number,
  options?: InvokeOptions,
): Promise<IntegrationOutcome> {
  let invocation: Promise<InvokeResult>;
  try {
    invocation = runtime.invoke(functionId, event, options);
  } catch (cause) {
    return Promise.resolve(toErrorOutcome(cause));
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return invocation.then(toOutcome, toErrorOutcome);
  // One promise and one timer per request (no Promise.race): this runs for every API request.
  return new Promise<IntegrationOutcome>((resolve) => {
    const pending = new PendingIntegration(resolve);
    pending.timer = setTimeout(onIntegrationTimeout, timeoutMs, pending);
    pending.timer.unref();
    invocation.then(
      (result) => pending.settle(toOutcome(result)),
      (cause: unknown) => pending.settle(toErrorOutcome(cause)),
    );
  });
}
