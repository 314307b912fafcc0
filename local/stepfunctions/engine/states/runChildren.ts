/** Runs a Parallel state's branches or a Map state's iterations side by side. */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { ExecutionFrame } from '../executionFrame.js';
import { childController } from '../executionFrame.js';
import { asStatesError } from '../statesError.js';

/**
 * Starts the children on a signal of their own. The first child to fail aborts the others; once
 * all have stopped, the state records `failedEvent` and rejects with that first error. When the
 * state's own frame was aborted, nothing is recorded and the frame's abort reason is thrown.
 */
export async function runChildren<T>(frame: ExecutionFrame, failedEvent: HistoryEventType, start: (signal: AbortSignal) => Promise<T>[]): Promise<T[]> {
  const controller = childController(frame.signal);
  try {
    const children = start(controller.signal).map((child) =>
      child.catch((thrown: unknown) => {
        controller.abort(thrown);
        throw thrown;
      }),
    );
    const settled = await Promise.allSettled(children);
    if (frame.signal.aborted) throw frame.signal.reason;
    // Aborted here means a child failed: the reason is the first failure.
    if (controller.signal.aborted) {
      frame.thread.add(failedEvent);
      throw asStatesError(controller.signal.reason);
    }
    return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
  } finally {
    controller.dispose();
  }
}
