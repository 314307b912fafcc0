import { evaluateChoiceRule } from '../choiceRules.js';
import type { Json } from '../json.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { StatesError, StatesErrorName } from '../statesError.js';

/** Choice: the first matching rule's `Next`, else `Default`, else `States.NoChoiceMatched`. */
export async function runChoiceState(step: StateStep): Promise<StateOutcome> {
  const { state } = step;
  const rules = state.Choices ?? [];
  if (step.isJsonata) {
    for (const rule of rules) {
      if ((await step.jsonata(rule.Condition ?? false, 'Condition')) === true) {
        return jsonataOutcome(step, rule.Next, rule.Output ?? state.Output, rule.Assign ?? state.Assign);
      }
    }
    if (state.Default) return jsonataOutcome(step, state.Default, state.Output, state.Assign);
    throw noMatch(step);
  }
  const input = step.applyInputPath();
  const scope = step.pathScope();
  for (const rule of rules) {
    if (evaluateChoiceRule(rule, input, scope)) {
      const assign = rule.Assign ?? state.Assign;
      return { output: step.applyOutputPath(input), next: rule.Next, assigned: assign ? step.evaluateJsonPathAssign(assign, input) : undefined };
    }
  }
  if (state.Default) {
    return {
      output: step.applyOutputPath(input),
      next: state.Default,
      assigned: state.Assign ? step.evaluateJsonPathAssign(state.Assign, input) : undefined,
    };
  }
  throw noMatch(step);
}

async function jsonataOutcome(step: StateStep, next: string | undefined, output: Json | undefined, assign: Record<string, Json> | undefined): Promise<StateOutcome> {
  const assigned = assign ? await step.evaluateJsonataAssign(assign, {}) : undefined;
  return { output: output === undefined ? step.input : await step.jsonata(output, 'Output'), next, assigned };
}

function noMatch(step: StateStep): StatesError {
  return new StatesError(StatesErrorName.NoChoiceMatched, `No Matches! at state '${step.name}'`);
}
