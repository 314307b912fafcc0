/** Parallel: runs every branch on the same input, each with its own history thread and variable scope. */
import type { ExecutionFrame } from '../executionFrame.js';
import { runWithRetryAndCatch } from '../faultTolerance.js';
import { runStateGraph } from '../stateGraphRunner.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { runChildren } from './runChildren.js';

export async function runParallelState(step: StateStep): Promise<StateOutcome> {
  const { frame, state } = step;
  return runWithRetryAndCatch(step, async () => {
    const input = await step.effectiveArguments();
    frame.thread.add('ParallelStateStarted');
    const results = await runChildren(frame, 'ParallelStateFailed', (signal) =>
      (state.Branches ?? []).map((branch) => {
        const branchFrame: ExecutionFrame = {
          ...frame,
          thread: frame.thread.fork(),
          variables: frame.variables.child(),
          queryLanguage: branch.QueryLanguage ?? step.language,
          signal,
        };
        return runStateGraph(branch, input, branchFrame);
      }),
    );
    frame.thread.add('ParallelStateSucceeded');
    return step.finish(results, { useResultSelector: true });
  });
}
