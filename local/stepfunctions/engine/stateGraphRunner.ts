/**
 * Runs a state graph (the machine, a Parallel branch or a Map item processor) from `StartAt`
 * to a terminal state, writing `<Type>StateEntered` / `<Type>StateExited` events.
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { StateGraph, StateType } from './aslTypes.js';
import type { ExecutionFrame } from './executionFrame.js';
import { payloadDetails } from './executionHistory.js';
import type { Json } from './json.js';
import { runChoiceState } from './states/choiceState.js';
import { runMapState } from './states/mapState.js';
import { runParallelState } from './states/parallelState.js';
import { runPassState } from './states/passState.js';
import { runTaskState } from './states/taskState.js';
import { runFailState, runSucceedState } from './states/terminalStates.js';
import { runWaitState } from './states/waitState.js';
import type { StateOutcome } from './stateStep.js';
import { StateStep } from './stateStep.js';
import { StatesError, StatesErrorName } from './statesError.js';
import { checkPayloadSize } from '../limits.js';

const STATE_RUNNERS: Record<StateType, (step: StateStep) => Promise<StateOutcome>> = {
  Pass: runPassState,
  Task: runTaskState,
  Choice: runChoiceState,
  Wait: runWaitState,
  Succeed: runSucceedState,
  Fail: runFailState,
  Parallel: runParallelState,
  Map: runMapState,
};

/** Where a run starts, and what it is told between states (the execution's own graph only). */
export interface GraphRunOptions {
  /** The state to start at instead of `StartAt` (resuming an execution). */
  startAt?: string;
  /** Awaited after a state completed and before the next one starts (the execution's checkpoint). */
  onTransition?: (next: string, output: Json) => Promise<void>;
}

/** Runs a graph and resolves with its output; rejects with the StatesError that ended it. */
export async function runStateGraph(graph: StateGraph, input: Json, frame: ExecutionFrame, options: GraphRunOptions = {}): Promise<Json> {
  let name = options.startAt ?? graph.StartAt;
  let current = input;
  for (;;) {
    if (frame.signal.aborted) throw frame.signal.reason;
    const state = graph.States[name];
    if (!state) throw new StatesError(StatesErrorName.Runtime, `State '${name}' does not exist`);
    const runner = STATE_RUNNERS[state.Type];
    if (!runner) throw new StatesError(StatesErrorName.Runtime, `Unsupported state type '${String(state.Type)}'`);
    const step = new StateStep(frame, name, state, current);
    const entered = payloadDetails(current);
    checkPayloadSize(entered.text, name, 'input');
    frame.thread.add(`${state.Type}StateEntered` as HistoryEventType, {
      stateEnteredEventDetails: { name, input: entered.text, inputDetails: entered.details },
    });
    const outcome = await runner(step);
    if (outcome.assigned) frame.variables.assign(outcome.assigned);
    const exited = payloadDetails(outcome.output);
    checkPayloadSize(exited.text, name, 'output');
    frame.thread.add(`${state.Type}StateExited` as HistoryEventType, {
      stateExitedEventDetails: {
        name,
        output: exited.text,
        outputDetails: exited.details,
        ...(outcome.assigned
          ? {
              assignedVariables: Object.fromEntries(Object.entries(outcome.assigned).map(([k, v]) => [k, JSON.stringify(v)])),
              assignedVariablesDetails: { truncated: false },
            }
          : {}),
      },
    });
    if (outcome.next === undefined) return outcome.output;
    await options.onTransition?.(outcome.next, outcome.output);
    name = outcome.next;
    current = outcome.output;
  }
}
