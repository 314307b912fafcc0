/**
 * Runs a Task, Parallel or Map state's work under its `Retry` and `Catch` fields.
 */
import type { Catcher } from './aslTypes.js';
import { sleep } from './executionFrame.js';
import type { JsonObject } from './json.js';
import { findCatcher, findRetrier, retryDelaySeconds } from './retryPolicy.js';
import type { StateOutcome, StateStep } from './stateStep.js';
import type { StatesError } from './statesError.js';
import { asStatesError } from './statesError.js';

/**
 * Calls `attempt` until it succeeds, a retrier gives up, or no retrier matches; then a matching
 * catcher turns the error into an outcome, or the error propagates.
 */
export async function runWithRetryAndCatch(step: StateStep, attempt: () => Promise<StateOutcome>): Promise<StateOutcome> {
  const attemptsByRetrier = new Map<number, number>();
  for (;;) {
    try {
      return await attempt();
    } catch (thrown) {
      // The frame was stopped from outside (a failed sibling, StopExecution, a timeout): not this state's error.
      if (step.frame.signal.aborted) throw thrown;
      const error = asStatesError(thrown);
      const index = findRetrier(step.state.Retry, error.error);
      if (index >= 0) {
        const used = attemptsByRetrier.get(index) ?? 0;
        const delay = retryDelaySeconds(step.state.Retry![index], used);
        if (delay !== undefined) {
          attemptsByRetrier.set(index, used + 1);
          step.retryCount += 1;
          await sleep(delay, step.frame);
          continue;
        }
      }
      const catcher = findCatcher(step.state.Catch, error.error);
      if (!catcher) throw error;
      return catchOutcome(step, catcher, error);
    }
  }
}

async function catchOutcome(step: StateStep, catcher: Catcher, error: StatesError): Promise<StateOutcome> {
  const errorOutput: JsonObject = { Error: error.error, Cause: error.causeText };
  if (step.isJsonata) {
    const extra = { errorOutput };
    const assigned = catcher.Assign ? await step.evaluateJsonataAssign(catcher.Assign, extra) : undefined;
    const output = catcher.Output === undefined ? errorOutput : await step.jsonata(catcher.Output, 'Output', extra);
    return { output, next: catcher.Next, assigned };
  }
  const assigned = catcher.Assign ? step.evaluateJsonPathAssign(catcher.Assign, errorOutput) : undefined;
  const output = step.applyResultPath(catcher.ResultPath === undefined ? '$' : catcher.ResultPath, errorOutput);
  return { output, next: catcher.Next, assigned };
}
