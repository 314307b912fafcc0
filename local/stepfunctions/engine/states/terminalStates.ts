import { evaluatePathExpression } from '../payloadTemplate.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { StatesError } from '../statesError.js';

/** Succeed: ends the graph with InputPath/OutputPath (JSONPath) or `Output` (JSONata) applied. */
export async function runSucceedState(step: StateStep): Promise<StateOutcome> {
  if (step.isJsonata) {
    const output = step.state.Output === undefined ? step.input : await step.jsonata(step.state.Output, 'Output');
    return { output };
  }
  return { output: step.applyOutputPath(step.applyInputPath()) };
}

/** Fail: throws its `Error`/`Cause` (literal, `ErrorPath`/`CausePath`, or JSONata). */
export async function runFailState(step: StateStep): Promise<StateOutcome> {
  const { state } = step;
  let error = state.Error ?? 'States.Fail';
  let cause = state.Cause ?? '';
  if (step.isJsonata) {
    if (state.Error !== undefined) error = String(await step.jsonata(state.Error, 'Error'));
    if (state.Cause !== undefined) cause = String(await step.jsonata(state.Cause, 'Cause'));
  } else {
    const scope = step.pathScope();
    if (state.ErrorPath) error = String(evaluatePathExpression(state.ErrorPath, step.input, scope, 'ErrorPath'));
    if (state.CausePath) cause = String(evaluatePathExpression(state.CausePath, step.input, scope, 'CausePath'));
  }
  throw new StatesError(error, cause);
}
