/**
 * The engine's view of task execution: it hands a Task's resource and resolved parameters to a
 * dispatcher and gets the result (or a StatesError). `local/stepfunctions/integrations/` provides
 * the real one; tests may provide their own.
 */
import type { Json } from './json.js';

/** How a resource shows in the history. */
export type TaskResourceKind =
  /** `arn:aws:lambda:…:function:Name`: LambdaFunctionScheduled/Started/Succeeded events. */
  | { kind: 'lambdaFunction'; functionArn: string }
  /** `arn:aws:states:::service:action[.sync|.waitForTaskToken]`: TaskScheduled/Started/Succeeded events. */
  | { kind: 'service'; resourceType: string; resource: string };

export interface TaskInvocation {
  resource: string;
  parameters: Json;
  stateName: string;
  executionArn: string;
  stateMachineName: string;
  /** The test case chosen for the execution (`…:stateMachine:Name#TestCase`), if any. */
  testCase?: string;
  signal: AbortSignal;
}

export interface TaskDispatcher {
  /** Classifies a Task's `Resource` (for the history). Throws StatesError for unknown resources. */
  describe(resource: string): TaskResourceKind;
  /** Runs the task; resolves with its raw result or rejects with a StatesError. */
  invoke(invocation: TaskInvocation): Promise<Json>;
}
