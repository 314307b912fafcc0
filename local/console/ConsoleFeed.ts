/**
 * The console's event bus: what the stack did (function invocations, model calls, …), kept in a
 * bounded in-memory history and pushed to live subscribers (the SSE route, `genai-kit tail`).
 *
 * Publishing stores a reference and calls the subscribers, nothing more: an event is masked and
 * serialised only when someone reads it, so a stack nobody watches pays a ring-buffer write per
 * event. The text is not kept with the event (500 of them kept alive would be garbage collection's
 * work on every request under load): each reader has it made when it sends it.
 */
import { maskSecrets } from './maskSecrets.js';

export type FeedEventType = 'invocation' | 'modelCall' | 'queue' | 'execution';

/** One event of the feed; `seq` grows by one per event and is the SSE event id. */
export interface FeedEntry {
  readonly seq: number;
  readonly type: FeedEventType;
  readonly time: number;
  /** The event as recorded; may hold secrets and values still to be shaped (read `json()`). */
  readonly data: unknown;
}

export type FeedListener = (entry: FeedEntry) => void;

/** How an event is shown: `summary` (the live lists) and `full` (a detail view, `tail --logs`). */
export type FeedForm = 'summary' | 'full';

/**
 * Turn recorded data into what a reader receives, secrets masked (run once per event and form, when
 * first read).
 */
export type FeedShapes = Record<FeedForm, (entry: FeedEntry) => unknown>;

const AS_RECORDED: FeedShapes = { summary: (entry) => maskSecrets(entry.data), full: (entry) => maskSecrets(entry.data) };

/** Events kept for a reload or a reconnect (`Last-Event-ID`). */
export const DEFAULT_FEED_HISTORY = 500;

export class ConsoleFeed {
  private readonly ring: (FeedEntry | undefined)[];
  private readonly listeners = new Set<FeedListener>();
  private nextSeq = 1;

  constructor(
    readonly capacity: number = DEFAULT_FEED_HISTORY,
    private readonly shapes: FeedShapes = AS_RECORDED,
  ) {
    this.ring = new Array<FeedEntry | undefined>(capacity);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** The sequence number the next event gets. */
  get nextSequence(): number {
    return this.nextSeq;
  }

  publish(type: FeedEventType, data: unknown): FeedEntry {
    const entry: FeedEntry = { seq: this.nextSeq++, type, time: Date.now(), data };
    this.ring[entry.seq % this.capacity] = entry;
    if (this.listeners.size) for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** Calls `listener` with every event published from now on; returns the unsubscribe function. */
  subscribe(listener: FeedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events still in the history after `afterSeq` (all of them for 0), oldest first. */
  since(afterSeq = 0): FeedEntry[] {
    const first = Math.max(afterSeq + 1, this.nextSeq - this.capacity, 1);
    const entries: FeedEntry[] = [];
    for (let seq = first; seq < this.nextSeq; seq++) {
      const entry = this.ring[seq % this.capacity];
      if (entry?.seq === seq) entries.push(entry);
    }
    return entries;
  }

  /** The event as a reader receives it: `{seq, type, time, data}` with secrets masked, as single-line JSON text. */
  json(entry: FeedEntry, form: FeedForm = 'summary'): string {
    return JSON.stringify({ seq: entry.seq, type: entry.type, time: entry.time, data: this.shapes[form](entry) });
  }

  /** The recorded data of an event still in the history (unmasked: for "invoke again"). */
  get(seq: number): FeedEntry | undefined {
    const entry = this.ring[seq % this.capacity];
    return entry?.seq === seq ? entry : undefined;
  }
}
