/** Test fixture: runs a definition with an in-test task dispatcher and returns outcome + history. */
import type { StateMachineDefinition } from '../../../local/stepfunctions/engine/aslTypes.js';
import { ExecutionHistory } from '../../../local/stepfunctions/engine/executionHistory.js';
import type { ExecutionOutcome, RunningExecution } from '../../../local/stepfunctions/engine/executionRunner.js';
import { startExecutionRun } from '../../../local/stepfunctions/engine/executionRunner.js';
import type { Json } from '../../../local/stepfunctions/engine/json.js';
import type { TaskDispatcher, TaskInvocation } from '../../../local/stepfunctions/engine/taskDispatcher.js';
import { StackClock } from '../../../local/clock/StackClock.js';

export type TaskHandler = (invocation: TaskInvocation) => Json | Promise<Json>;

/** A dispatcher that answers every resource with `handler` and reports Lambda ARNs as functions. */
export function dispatcherFrom(handler: TaskHandler): TaskDispatcher & { calls: TaskInvocation[] } {
  const calls: TaskInvocation[] = [];
  return {
    calls,
    describe: (resource) =>
      resource.startsWith('arn:aws:lambda:')
        ? { kind: 'lambdaFunction', functionArn: resource }
        : { kind: 'service', resourceType: resource.split(':')[5] ?? 'unknown', resource: resource.split(':')[6] ?? resource },
    invoke: async (invocation) => {
      calls.push(invocation);
      return handler(invocation);
    },
  };
}

export async function runDefinition(
  definition: unknown,
  input: Json,
  tasks: TaskDispatcher = dispatcherFrom(() => null),
): Promise<{ outcome: ExecutionOutcome; history: ExecutionHistory }> {
  const { run, history } = startDefinition(definition, input, tasks);
  return { outcome: await run.outcome, history };
}

/**
 * Starts a definition without waiting for it. With a clock the test moves, delays follow it as
 * written (wait scale 1); without one they are skipped (scale 0).
 */
export function startDefinition(definition: unknown, input: Json, tasks: TaskDispatcher, clock?: StackClock): { run: RunningExecution; history: ExecutionHistory } {
  const history = new ExecutionHistory(Number.POSITIVE_INFINITY, clock ? () => clock.now() : Date.now);
  const run = startExecutionRun(definition as StateMachineDefinition, {
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:Test:run-1',
    executionName: 'run-1',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Test',
    stateMachineName: 'Test',
    roleArn: 'arn:aws:iam::000000000000:role/test',
    startTime: new Date(clock?.now() ?? Date.parse('2025-01-01T00:00:00Z')),
    input,
    history,
    tasks,
    waitScale: clock ? 1 : 0,
    clock: clock ?? new StackClock(),
  });
  return { run, history };
}
