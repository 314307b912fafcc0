/**
 * Step Functions service quotas the local service enforces, each with where it was read.
 * Source: AWS Step Functions developer guide, "Step Functions service quotas" (limits.html,
 * service-quotas.html) and "Handling errors in Step Functions workflows" (States.DataLimitExceeded),
 * read 2026-12-07.
 */
import { StatesError, StatesErrorName } from './engine/statesError.js';

/**
 * "Maximum input or output size for a task, state, or execution: 262,144 bytes of data as a UTF-8
 * encoded string. This quota affects tasks (activity, Lambda function, or integrated service),
 * state or execution output, and input data when scheduling a task, entering a state, or starting
 * an execution." (Standard and Express alike.)
 */
export const MAX_PAYLOAD_BYTES = 262_144;


/**
 * "Maximum execution history size: 25,000 events. If the execution history reaches this quota,
 * the execution will fail." (Standard workflows; Express: unlimited.) AWS records the failure as
 * event 25,000: `States.Runtime`, "The execution reached the maximum number of history events
 * (25000)." (as reported from AWS in public issues, e.g. floci-io/floci#2734, 2026-08).
 */
export const MAX_HISTORY_EVENTS = 25_000;

/**
 * "Maximum execution history retention time: 90 days after an execution is closed. After this time,
 * you can no longer retrieve or view the execution history. There is no further quota for the number
 * of closed executions that Step Functions retains." (service-quotas.html), and "Execution history
 * data removed after 90 days. Workflow names can be reused after removal of out-of-date execution
 * data." (express-at-least-once-execution.html, "Execution guarantees"), read 2026-12-08.
 */
export const CLOSED_EXECUTION_RETENTION_MS = 90 * 86_400_000;

/** The size AWS measures: UTF-8 bytes of the JSON text. */
export function payloadBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * `States.DataLimitExceeded` (terminal: `States.ALL` does not catch it) when a state's input, its
 * output, or a task's result is larger than {@link MAX_PAYLOAD_BYTES}. The cause follows the text
 * AWS reports for a task result ("The state/task '<resource>' returned a result with a size
 * exceeding the maximum number of bytes service limit.", seen in public reports); the wording for
 * inputs is ours.
 */
export function checkPayloadSize(text: string, stateOrTask: string, what: 'input' | 'output' | 'result'): void {
  if (payloadBytes(text) <= MAX_PAYLOAD_BYTES) return;
  const cause =
    what === 'input'
      ? `The state/task '${stateOrTask}' has an input with a size exceeding the maximum number of bytes service limit.`
      : `The state/task '${stateOrTask}' returned a result with a size exceeding the maximum number of bytes service limit.`;
  throw new StatesError(StatesErrorName.DataLimitExceeded, cause);
}
