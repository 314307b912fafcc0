/**
 * What a state needs from the execution around it: the history thread it writes to, the
 * variables it sees, the task dispatcher, the abort signal, and the context object (`$$`).
 */
import type { StackClock } from '../../clock/StackClock.js';
import type { QueryLanguage } from './aslTypes.js';
import type { ExecutionHistory, HistoryThread } from './executionHistory.js';
import type { Json, JsonObject } from './json.js';
import type { TaskDispatcher } from './taskDispatcher.js';
import type { VariableScope } from './variableScope.js';

/** Execution-wide facts shared by every state of one execution. */
export interface ExecutionScope {
  executionArn: string;
  executionName: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
  startTime: Date;
  input: Json;
  history: ExecutionHistory;
  tasks: TaskDispatcher;
  /** Mock test case chosen with `…:stateMachine:Name#TestCase`. */
  testCase?: string;
  /** Multiplier applied to Wait and Retry delays (1 = as written). */
  waitScale: number;
  /** The stack's clock: Wait, Retry, TimeoutSeconds and timestamps follow it (docs/time.md). */
  clock: ExecutionClock;
}

/** What the engine reads of the stack's clock. */
export type ExecutionClock = Pick<StackClock, 'now' | 'setTimeout' | 'clearTimeout' | 'sleep'>;

/** One line of work: the machine itself, a Parallel branch or a Map iteration. */
export interface ExecutionFrame {
  execution: ExecutionScope;
  thread: HistoryThread;
  variables: VariableScope;
  queryLanguage: QueryLanguage;
  signal: AbortSignal;
  /** Set inside a Map iteration's ItemSelector (`$$.Map.Item`). */
  mapItem?: { Index: number; Value: Json };
}

/** Builds the context object (`$$` / `$states.context`) for a state. */
export function contextObject(frame: ExecutionFrame, stateName: string, enteredTime: Date, retryCount: number): JsonObject {
  const { execution } = frame;
  const context: JsonObject = {
    Execution: {
      Id: execution.executionArn,
      Input: execution.input,
      Name: execution.executionName,
      RoleArn: execution.roleArn,
      StartTime: execution.startTime.toISOString(),
      RedriveCount: 0,
    },
    State: { EnteredTime: enteredTime.toISOString(), Name: stateName, RetryCount: retryCount },
    StateMachine: { Id: execution.stateMachineArn, Name: execution.stateMachineName },
  };
  if (frame.mapItem) context.Map = { Item: { Index: frame.mapItem.Index, Value: frame.mapItem.Value } };
  return context;
}

/** Resolves after `seconds × waitScale` on the execution's clock, or rejects when the signal aborts. */
export function sleep(seconds: number, frame: ExecutionFrame): Promise<void> {
  return frame.execution.clock.sleep(Math.max(0, seconds * 1000 * frame.execution.waitScale), frame.signal);
}

/** Why an execution is being interrupted from outside its states (the abort signal's reason). */
export class ExecutionInterrupted extends Error {
  override readonly name = 'ExecutionInterrupted';
  constructor(
    /** `suspended`: the service is shutting down; the execution resumes at the next start. */
    readonly kind: 'stopped' | 'timedOut' | 'failed' | 'suspended',
    readonly error: string | undefined,
    readonly causeText: string | undefined,
  ) {
    super(`Execution ${kind}`);
  }
}

/**
 * An AbortController that also aborts when `parent` does (for tasks, branches and iterations);
 * call `dispose()` when done so the parent keeps no listener.
 */
export function childController(parent: AbortSignal): AbortController & { dispose(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return Object.assign(controller, { dispose: () => parent.removeEventListener('abort', onAbort) });
}
