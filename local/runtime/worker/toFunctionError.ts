/** Turns a thrown value into Lambda's error shape, as the Node.js runtime's `toRapidResponse` does. */
import { types } from 'node:util';
import type { FunctionError } from '../types.js';

export function toFunctionError(thrown: unknown): FunctionError {
  if (types.isNativeError(thrown) || isErrorLike(thrown)) {
    const error = thrown as Error;
    return {
      errorType: String(error.name ?? 'Error'),
      errorMessage: String(error.message ?? ''),
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

function isErrorLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && 'name' in value && 'message' in value && 'stack' in value;
}

/** The line Lambda logs for a failed invocation: `Invoke Error \t{"errorType":…,"errorMessage":…,"stack":[…]}`. */
export function invokeErrorLogMessage(error: FunctionError, label = 'Invoke Error'): string {
  return `${label} \t${JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace ?? [] })}`;
}
