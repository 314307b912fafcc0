/**
 * Runs one execution of a state machine to its end: `ExecutionStarted`, the states, then
 * `ExecutionSucceeded` / `ExecutionFailed` / `ExecutionTimedOut` / `ExecutionAborted`.
 */
import type { StateMachineDefinition } from './aslTypes.js';
import type { ExecutionFrame, ExecutionScope } from './executionFrame.js';
import { ExecutionInterrupted } from './executionFrame.js';
import { payloadDetails } from './executionHistory.js';
import type { Json } from './json.js';
import { runStateGraph } from './stateGraphRunner.js';
import { asStatesError, StatesErrorName } from './statesError.js';
import { VariableScope } from './variableScope.js';

export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; output: Json }
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; cause?: string };

/** A started execution: its outcome, and a way to stop it (StopExecution). */
export interface RunningExecution {
  outcome: Promise<ExecutionOutcome>;
  stop(error?: string, cause?: string): void;
}

/** Starts an execution; `ExecutionStarted` is recorded before this returns. */
export function startExecutionRun(definition: StateMachineDefinition, scope: ExecutionScope): RunningExecution {
  const controller = new AbortController();
  const thread = scope.history.thread(0);
  const input = payloadDetails(scope.input);
  thread.add('ExecutionStarted', {
    executionStartedEventDetails: { input: input.text, inputDetails: input.details, roleArn: scope.roleArn },
  });
  const frame: ExecutionFrame = {
    execution: scope,
    thread,
    variables: new VariableScope(),
    queryLanguage: definition.QueryLanguage ?? 'JSONPath',
    signal: controller.signal,
  };
  scope.history.onLimit = () => {
    controller.abort(new ExecutionInterrupted('failed', StatesErrorName.Runtime, `The execution reached the maximum number of history events (${scope.history.maxEvents}).`));
  };
  let timer: NodeJS.Timeout | undefined;
  if (definition.TimeoutSeconds !== undefined) {
    timer = setTimeout(() => {
      controller.abort(new ExecutionInterrupted('timedOut', StatesErrorName.Timeout, `The execution timed out after ${definition.TimeoutSeconds} seconds`));
    }, definition.TimeoutSeconds * 1000);
  }
  const outcome = (async (): Promise<ExecutionOutcome> => {
    try {
      const output = await runStateGraph(definition, scope.input, frame);
      if (controller.signal.aborted) throw controller.signal.reason;
      const details = payloadDetails(output);
      thread.add('ExecutionSucceeded', { executionSucceededEventDetails: { output: details.text, outputDetails: details.details } });
      return { status: 'SUCCEEDED', output };
    } catch (thrown) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : thrown;
      if (reason instanceof ExecutionInterrupted) {
        if (reason.kind === 'timedOut') {
          thread.add('ExecutionTimedOut', { executionTimedOutEventDetails: { error: reason.error, cause: reason.causeText } });
          return { status: 'TIMED_OUT', error: reason.error, cause: reason.causeText };
        }
        if (reason.kind === 'failed') {
          thread.add('ExecutionFailed', { executionFailedEventDetails: { error: reason.error, cause: reason.causeText } });
          return { status: 'FAILED', error: reason.error, cause: reason.causeText };
        }
        thread.add('ExecutionAborted', { executionAbortedEventDetails: { error: reason.error, cause: reason.causeText } });
        return { status: 'ABORTED', error: reason.error, cause: reason.causeText };
      }
      const error = asStatesError(thrown);
      thread.add('ExecutionFailed', { executionFailedEventDetails: { error: error.error, cause: error.causeText } });
      return { status: 'FAILED', error: error.error, cause: error.causeText };
    } finally {
      if (timer) clearTimeout(timer);
    }
  })();
  return {
    outcome,
    stop: (error, cause) => controller.abort(new ExecutionInterrupted('stopped', error, cause)),
  };
}
