/**
 * Calls a function through the runtime on behalf of an integration, bounded by the integration
 * timeout (REST APIs: 29 s, HTTP APIs: 30 s): if the function runs longer than the API waits,
 * the API answers on its own while the function keeps running, as on AWS.
 */
import type { FunctionError, InvokeOptions, LambdaRuntime } from '../runtime/types.js';

export type IntegrationOutcome =
  | { kind: 'ok'; payload: unknown; durationMs: number }
  | { kind: 'error'; error: FunctionError }
  | { kind: 'timeout'; error?: FunctionError }
  | { kind: 'throttled'; error: FunctionError };

/** Invokes `functionId` and folds every way it can end into one outcome (never rejects). */
export async function invokeIntegration(
  runtime: LambdaRuntime,
  functionId: string,
  event: unknown,
  timeoutMs: number,
  options?: InvokeOptions,
): Promise<IntegrationOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const invocation = runtime.invoke(functionId, event, options).then(
    (result): IntegrationOutcome => {
      switch (result.status) {
        case 'ok':
          return { kind: 'ok', payload: result.payload, durationMs: result.durationMs };
        case 'error':
          return { kind: 'error', error: result.error };
        case 'timeout':
          return { kind: 'timeout', error: result.error };
        case 'throttled':
          return { kind: 'throttled', error: result.error };
      }
    },
    (cause: unknown): IntegrationOutcome => ({
      kind: 'error',
      error: {
        errorType: cause instanceof Error ? cause.name : 'Error',
        errorMessage: cause instanceof Error ? cause.message : String(cause),
        trace: cause instanceof Error && cause.stack ? cause.stack.split('\n') : undefined,
      },
    }),
  );
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) return invocation;
  const deadline = new Promise<IntegrationOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([invocation, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
