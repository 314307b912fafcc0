/**
 * Errors as the Amazon States Language names them: every failure inside an execution is a
 * `StatesError` with an error name (`States.Timeout`, `Bedrock.ThrottlingException`, a Lambda's
 * `errorType`, …) and a cause string, exactly what `Retry`, `Catch` and the history see.
 */
export class StatesError extends Error {
  override readonly name = 'StatesError';
  constructor(
    /** The ASL error name matched by `ErrorEquals`. */
    readonly error: string,
    /** Human-readable cause, often JSON. */
    readonly causeText: string,
  ) {
    super(`${error}: ${causeText}`);
  }
}

/** The reserved error names of the States language. */
export const StatesErrorName = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Runtime: 'States.Runtime',
  DataLimitExceeded: 'States.DataLimitExceeded',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  Permissions: 'States.Permissions',
} as const;

/** Errors that neither `States.ALL` nor `States.TaskFailed` match: they always fail the execution. */
const TERMINAL_ERRORS: ReadonlySet<string> = new Set([StatesErrorName.Runtime, StatesErrorName.DataLimitExceeded]);

/**
 * Whether an `ErrorEquals` list matches an error, with the States language's wildcard rules:
 * `States.ALL` matches everything but terminal errors; `States.TaskFailed` matches everything
 * except `States.Timeout` and terminal errors.
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const candidate of errorEquals) {
    if (candidate === error) return true;
    if (TERMINAL_ERRORS.has(error)) continue;
    if (candidate === StatesErrorName.ALL) return true;
    if (candidate === StatesErrorName.TaskFailed && error !== StatesErrorName.Timeout) return true;
  }
  return false;
}

/** Wraps anything thrown into a StatesError (unknown errors become `States.Runtime`). */
export function asStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new StatesError(StatesErrorName.Runtime, message);
}
