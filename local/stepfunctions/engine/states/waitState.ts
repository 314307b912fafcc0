import { sleep } from '../executionFrame.js';
import type { Json } from '../json.js';
import { readPath } from '../jsonPath.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { StatesError, StatesErrorName } from '../statesError.js';

function secondsUntil(timestamp: Json, now: number): number {
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) throw new StatesError(StatesErrorName.Runtime, `Invalid timestamp ${JSON.stringify(timestamp)} in Wait state`);
  return Math.max(0, (at - now) / 1000);
}

function waitSeconds(step: StateStep): Promise<number | undefined> {
  const { state } = step;
  return step.numberField('Seconds', state.Seconds, state.SecondsPath, (n) => n >= 0, 'Wait seconds');
}

/** Wait: `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath` (on the stack's clock, scaled by the engine's wait scale). */
export async function runWaitState(step: StateStep): Promise<StateOutcome> {
  const { state } = step;
  if (step.isJsonata) {
    const seconds = (await waitSeconds(step)) ?? secondsUntil(await step.jsonata(state.Timestamp ?? null, 'Timestamp'), step.frame.execution.clock.now());
    await sleep(seconds, step.frame);
    return step.finish(step.input, { defaultOutput: step.input });
  }
  const input = step.applyInputPath();
  let seconds = await waitSeconds(step);
  const now = step.frame.execution.clock.now();
  if (seconds === undefined && state.Timestamp) seconds = secondsUntil(state.Timestamp, now);
  seconds ??= secondsUntil(readPath(state.TimestampPath ?? '$', input, step.pathScope(), 'TimestampPath'), now);
  await sleep(seconds, step.frame);
  const assigned = state.Assign ? step.evaluateJsonPathAssign(state.Assign, input) : undefined;
  return { output: step.applyOutputPath(input), next: state.Next, assigned };
}
