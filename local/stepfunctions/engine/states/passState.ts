import type { StateOutcome, StateStep } from '../stateStep.js';

/** Pass: JSONPath `Result` (or the effective input) through ResultPath/OutputPath; JSONata `Output`. */
export async function runPassState(step: StateStep): Promise<StateOutcome> {
  if (step.isJsonata) return step.finish(step.input, { defaultOutput: step.input });
  const effectiveInput = step.jsonPathEffectiveInput();
  return step.finish(step.state.Result === undefined ? effectiveInput : step.state.Result);
}
