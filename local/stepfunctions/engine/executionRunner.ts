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
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; cause?: string }
  /** The service shut down: nothing is recorded, the execution resumes from its checkpoint at the next start. */
  | { status: 'SUSPENDED' };

/** A started execution: its outcome, and ways to stop it (StopExecution) or suspend it (shutdown). */
export interface RunningExecution {
  outcome: Promise<ExecutionOutcome>;
  stop(error?: string, cause?: string): void;
  suspend(): void;
}

/** Where a resumed execution goes on (from its checkpoint). */
export interface ResumePoint {
  state: string;
  input: Json;
  variables: Record<string, Json>;
}

export interface ExecutionRunOptions {
  /** Goes on from a checkpoint (the history already holds the earlier events) instead of starting. */
  resume?: ResumePoint;
  /** Awaited between top-level states, before the next one starts: persist the checkpoint here. */
  onCheckpoint?: (checkpoint: ResumePoint) => Promise<void>;
}

/** Starts an execution; `ExecutionStarted` is recorded before this returns (unless it resumes). */
export function startExecutionRun(definition: StateMachineDefinition, scope: ExecutionScope, options: ExecutionRunOptions = {}): RunningExecution {
  const controller = new AbortController();
  const { resume } = options;
  const thread = scope.history.thread(resume ? (scope.history.events.at(-1)?.id ?? 0) : 0);
  if (!resume) {
    const input = payloadDetails(scope.input);
    thread.add('ExecutionStarted', {
      executionStartedEventDetails: { input: input.text, inputDetails: input.details, roleArn: scope.roleArn },
    });
  }
  const variables = new VariableScope();
  if (resume) variables.assign(resume.variables);
  const frame: ExecutionFrame = {
    execution: scope,
    thread,
    variables,
    queryLanguage: definition.QueryLanguage ?? 'JSONPath',
    signal: controller.signal,
  };
  scope.history.onLimit = () => {
    controller.abort(new ExecutionInterrupted('failed', StatesErrorName.Runtime, `The execution reached the maximum number of history events (${scope.history.maxEvents}).`));
  };
  const { clock } = scope;
  let timer: unknown;
  if (definition.TimeoutSeconds !== undefined) {
    // Counted from the execution's start, also when it resumes after a restart.
    const left = definition.TimeoutSeconds * 1000 - (clock.now() - scope.startTime.getTime());
    timer = clock.setTimeout(() => {
      controller.abort(new ExecutionInterrupted('timedOut', StatesErrorName.Timeout, `The execution timed out after ${definition.TimeoutSeconds} seconds`));
    }, Math.max(0, left));
  }
  const onTransition = options.onCheckpoint
    ? (next: string, output: Json) => options.onCheckpoint!({ state: next, input: output, variables: variables.visible() })
    : undefined;
  const outcome = (async (): Promise<ExecutionOutcome> => {
    try {
      const output = await runStateGraph(definition, resume ? resume.input : scope.input, frame, {
        ...(resume ? { startAt: resume.state } : {}),
        ...(onTransition ? { onTransition } : {}),
      });
      if (controller.signal.aborted) throw controller.signal.reason;
      const details = payloadDetails(output);
      thread.add('ExecutionSucceeded', { executionSucceededEventDetails: { output: details.text, outputDetails: details.details } });
      return { status: 'SUCCEEDED', output };
    } catch (thrown) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : thrown;
      if (reason instanceof ExecutionInterrupted) {
        if (reason.kind === 'suspended') return { status: 'SUSPENDED' };
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
      clock.clearTimeout(timer);
    }
  })();
  return {
    outcome,
    stop: (error, cause) => controller.abort(new ExecutionInterrupted('stopped', error, cause)),
    suspend: () => controller.abort(new ExecutionInterrupted('suspended', undefined, undefined)),
  };
}
