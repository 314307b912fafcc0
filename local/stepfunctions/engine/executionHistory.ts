/**
 * An execution's history in the shapes `GetExecutionHistory` returns. Events are numbered from 1;
 * each event's `previousEventId` is the last event of the same line of work (the execution, a
 * Parallel branch or a Map iteration), so interleaved branches read as on AWS.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

export type HistoryEventDetails = Omit<HistoryEvent, 'id' | 'type' | 'timestamp' | 'previousEventId'>;

/** The event types that end an execution; the one that ends it at the limit is always recorded. */
const ENDING_EVENTS: ReadonlySet<string> = new Set(['ExecutionFailed', 'ExecutionSucceeded', 'ExecutionAborted', 'ExecutionTimedOut']);

export class ExecutionHistory {
  readonly events: HistoryEvent[] = [];
  /** Called once when an event would pass `maxEvents - 1`: the execution must end (its last event is number `maxEvents`). */
  onLimit?: () => void;

  /**
   * `maxEvents`: 25,000 for Standard workflows (`MAX_HISTORY_EVENTS`), unlimited for Express.
   * `now`: the clock events are stamped with (the stack's).
   */
  constructor(
    readonly maxEvents = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  /** A line of work starting after `previousEventId` (0 for the first event). */
  thread(previousEventId: number): HistoryThread {
    return new HistoryThread(this, previousEventId);
  }

  /** Appends an event; use HistoryThread.add in the engine. */
  append(type: HistoryEventType, previousEventId: number, details: HistoryEventDetails): HistoryEvent {
    if (this.events.length >= this.maxEvents - 1 && !ENDING_EVENTS.has(type)) {
      // At the limit AWS records nothing more but the failure (event number maxEvents).
      this.onLimit?.();
      this.onLimit = undefined;
      return this.events[this.events.length - 1] ?? { type, id: 0 };
    }
    const event: HistoryEvent = {
      timestamp: new Date(this.now()),
      type,
      id: this.events.length + 1,
      previousEventId,
      ...details,
    };
    this.events.push(event);
    return event;
  }
}

export class HistoryThread {
  constructor(
    private readonly history: ExecutionHistory,
    private lastEventId: number,
  ) {}

  /** Adds an event after this thread's last one. */
  add(type: HistoryEventType, details: HistoryEventDetails = {}): void {
    const event = this.history.append(type, this.lastEventId, details);
    this.lastEventId = event.id ?? this.lastEventId;
  }

  /** A new thread that starts after this thread's last event (a branch or an iteration). */
  fork(): HistoryThread {
    return new HistoryThread(this.history, this.lastEventId);
  }
}

/** Serialises a JSON payload for an event field, with AWS's `…Details.truncated` companion. */
export function payloadDetails(value: unknown): { text: string; details: { truncated: boolean } } {
  return { text: JSON.stringify(value ?? null), details: { truncated: false } };
}
