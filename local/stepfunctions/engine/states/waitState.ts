import { sleep } from '../executionFrame.js';
import type { Json } from '../json.js';
import { readPath } from '../jsonPath.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { StatesError, StatesErrorName } from '../statesError.js';

function secondsUntil(timestamp: Json): number {
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  if (Number.isNaN(at)) throw new StatesError(StatesErrorName.Runtime, `Invalid timestamp ${JSON.stringify(timestamp)} in Wait state`);
  return Math.max(0, (at - Date.now()) / 1000);
}

function asSeconds(value: Json): number {
  if (typeof value !== 'number' || value < 0) throw new StatesError(StatesErrorName.Runtime, `Invalid Wait seconds ${JSON.stringify(value)}`);
  return value;
}

/** Wait: `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath` (scaled by the engine's wait scale). */
export async function runWaitState(step: StateStep): Promise<StateOutcome> {
  const { state } = step;
  if (step.isJsonata) {
    const seconds =
      state.Seconds !== undefined
        ? asSeconds(await step.jsonata(state.Seconds, 'Seconds'))
        : secondsUntil(await step.jsonata(state.Timestamp ?? null, 'Timestamp'));
    await sleep(seconds, step.frame);
    return step.finish(step.input, { defaultOutput: step.input });
  }
  const input = step.applyInputPath();
  const scope = step.pathScope();
  let seconds: number;
  if (state.Seconds !== undefined) seconds = asSeconds(state.Seconds as Json);
  else if (state.SecondsPath) seconds = asSeconds(readPath(state.SecondsPath, input, scope, 'SecondsPath'));
  else if (state.Timestamp) seconds = secondsUntil(state.Timestamp);
  else seconds = secondsUntil(readPath(state.TimestampPath ?? '$', input, scope, 'TimestampPath'));
  await sleep(seconds, step.frame);
  const assigned = state.Assign ? step.evaluateJsonPathAssign(state.Assign, input) : undefined;
  return { output: step.applyOutputPath(input), next: state.Next, assigned };
}
