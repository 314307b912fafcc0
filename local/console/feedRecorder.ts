/**
 * Puts what the stack does on the console's feed: the runtime's invocations (as an
 * {@link InvocationObserver}) and the fake Bedrock's calls, each attributed to the function that was
 * running when it was made; executions starting and ending, and queues whose messages changed.
 * Recording keeps references (an invocation's event and payload as bytes in a {@link TextRing});
 * views are made when read.
 */
import type { InvocationLog, InvocationRecord } from '../bedrock/inspection/InvocationLog.js';
import type { InvocationObserver, InvocationReport } from '../runtime/types.js';
import type { ConsoleFeed } from './ConsoleFeed.js';
import { recordInvocation, type RecordedModelCall } from './feedViews.js';
import { TextRing } from './TextRing.js';

/** How often at most a busy queue is reported as changed. */
export const QUEUE_EVENT_MS = 250;

export class FeedRecorder implements InvocationObserver {
  private readonly inFlight = new Map<string, number>();
  private readonly changedQueues = new Set<string>();
  /** The recorded invocations' events and payloads, as bytes outside the JS heap. */
  private readonly events = new TextRing();

  constructor(readonly feed: ConsoleFeed) {}

  started(functionId: string): void {
    this.inFlight.set(functionId, (this.inFlight.get(functionId) ?? 0) + 1);
  }

  finished(report: InvocationReport): void {
    const left = (this.inFlight.get(report.functionId) ?? 1) - 1;
    if (left > 0) this.inFlight.set(report.functionId, left);
    else this.inFlight.delete(report.functionId);
    this.feed.publish('invocation', recordInvocation(report, this.events));
  }

  modelCall(record: InvocationRecord, functionsInFlight: string[] = [...this.inFlight.keys()]): void {
    const recorded: RecordedModelCall = { record, functionsInFlight };
    this.feed.publish('modelCall', recorded);
  }

  /** An execution started or ended: a snapshot of its status (the record changes as it runs). */
  execution(record: { executionArn: string; stateMachineName: string; name: string; status: string; startDate: Date; stopDate?: Date; error?: string }): void {
    const { executionArn, stateMachineName, name, status, startDate, stopDate, error } = record;
    this.feed.publish('execution', { executionArn, stateMachineName, name, status, startDate: startDate.getTime(), stopDate: stopDate?.getTime(), error });
  }

  /** A queue's messages changed: told once per queue per {@link QUEUE_EVENT_MS} at most, however busy it is. */
  queueChanged(queueName: string): void {
    if (this.changedQueues.has(queueName)) return;
    this.changedQueues.add(queueName);
    setTimeout(() => {
      this.changedQueues.delete(queueName);
      this.feed.publish('queue', { queueName });
    }, QUEUE_EVENT_MS).unref();
  }

  /** Records every call the embedded fake Bedrock answers; returns the unsubscribe function. */
  watchBedrock(log: InvocationLog): () => void {
    return log.subscribe((record) => this.modelCall(record));
  }
}
