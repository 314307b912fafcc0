import { closeSync, fsyncSync, ftruncateSync, openSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { SQS_DAMAGED_REMEDY, type SnapshotMessage, type SnapshotQueue, type SqsSnapshot } from './SqsMessageSnapshot.js';
import { StateFileError } from '../stateFile.js';

/** One line of `journal.ndjson`: the full state of one message, its removal, or the queue list. */
export type JournalEntry =
  | { seq: number; put: string; message: SnapshotMessage }
  | { seq: number; drop: string; id: string }
  | { seq: number; queues: SnapshotQueue[] };

/** What the journal asks of the server at each flush: the current state of what changed. */
export interface JournalSource {
  /** The message's current state in that queue, or undefined once it is gone from it. */
  message(queueName: string, messageId: string): SnapshotMessage | undefined;
  /** The queue list, or undefined when it has not changed since the last call. */
  changedQueues(): SnapshotQueue[] | undefined;
  /** A full snapshot of the current state (for compaction). */
  snapshot(): SqsSnapshot;
}

export interface SqsJournalOptions {
  /** Compacts into the snapshot once the journal is larger than this (default 16 MiB). */
  compactAfterBytes?: number;
  log?: (line: string) => void;
}

/**
 * The embedded SQS's write-ahead journal (`journal.ndjson` next to `messages.json`): every change
 * a request makes is appended and `fdatasync`ed before the request is answered, so a message
 * acknowledged by `SendMessage` (or a deletion, a visibility change, a receive's visibility
 * deadline) survives `kill -9` or a power cut.
 *
 * Group commit: changes only mark a message dirty; one flush writes the current state of every
 * dirty message and syncs once, and every request that changed something before the flush began
 * is answered when it ends. Concurrent requests share one `fdatasync`.
 *
 * At start the server replays the journal on top of the snapshot (entries newer than the
 * snapshot's `journalSeq`); compaction writes a new snapshot and empties the journal.
 *
 * @example
 * const journal = await SqsJournal.open('.local/sqs/journal.ndjson', lastSeq, source, writeSnapshot);
 * journal.changed('tasks', messageId);
 * await journal.durable(); // now answer the request
 */
export class SqsJournal {
  private readonly dirty = new Map<string, Set<string>>();
  private queuesMaybeChanged = false;
  private changeCount = 0;
  private durableCount = 0;
  private waiters: { target: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private bytes = 0;
  private failure: Error | undefined;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private seq: number,
    private readonly source: JournalSource,
    private readonly saveSnapshot: (snapshot: SqsSnapshot) => void,
    private readonly options: SqsJournalOptions,
  ) {}

  /** Opens (creating) the journal for appending; `seq` is the last sequence number already applied. */
  static async open(path: string, seq: number, source: JournalSource, saveSnapshot: (snapshot: SqsSnapshot) => void, options: SqsJournalOptions = {}): Promise<SqsJournal> {
    const handle = await open(path, 'a');
    const journal = new SqsJournal(path, handle, seq, source, saveSnapshot, options);
    journal.bytes = (await handle.stat()).size;
    return journal;
  }

  /** A message changed (sent, received, deleted, moved, made visible or invisible). */
  changed(queueName: string, messageId: string): void {
    let ids = this.dirty.get(queueName);
    if (!ids) {
      ids = new Set();
      this.dirty.set(queueName, ids);
    }
    ids.add(messageId);
    this.changeCount++;
    this.schedule();
  }

  /** A request may have created, deleted, tagged or reconfigured a queue. */
  queuesChanged(): void {
    this.queuesMaybeChanged = true;
    this.changeCount++;
    this.schedule();
  }

  /** Resolves once every change made so far is on disk. */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const target = this.changeCount;
    if (this.durableCount >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ target, resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is pending, compacts into the snapshot, and closes the file. */
  async close(): Promise<void> {
    await this.flushing;
    await this.flushOnce();
    this.compact();
    await this.handle.close();
  }

  private schedule(): void {
    if (this.flushing) return;
    this.flushing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flushLoop())
      .finally(() => {
        this.flushing = undefined;
        if (this.changeCount > this.durableCount) this.schedule();
      });
  }

  private async flushLoop(): Promise<void> {
    while (this.changeCount > this.durableCount && !this.failure) {
      try {
        await this.flushOnce();
        if (this.bytes > (this.options.compactAfterBytes ?? 16 * 1024 * 1024)) this.compact();
      } catch (error) {
        this.failure = new Error(`SQS journal ${this.path}: ${(error as Error).message}`);
        this.options.log?.(`[sqs] ${this.failure.message}; requests that change queues fail from now on`);
        for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
      }
    }
  }

  private async flushOnce(): Promise<void> {
    const target = this.changeCount;
    const lines = this.collect();
    if (lines) {
      const buffer = Buffer.from(lines);
      await this.handle.write(buffer);
      await this.handle.datasync();
      this.bytes += buffer.length;
    }
    this.durableCount = target;
    const waiting = this.waiters;
    this.waiters = [];
    for (const waiter of waiting) {
      if (waiter.target <= target) waiter.resolve();
      else this.waiters.push(waiter);
    }
  }

  /** Serialises the current state of everything dirty (synchronously, so it is one consistent cut). */
  private collect(): string {
    let lines = '';
    if (this.queuesMaybeChanged) {
      this.queuesMaybeChanged = false;
      const queues = this.source.changedQueues();
      if (queues) lines += `${JSON.stringify({ seq: ++this.seq, queues } satisfies JournalEntry)}\n`;
    }
    for (const [queueName, ids] of this.dirty) {
      for (const id of ids) {
        const message = this.source.message(queueName, id);
        const entry: JournalEntry = message ? { seq: ++this.seq, put: queueName, message } : { seq: ++this.seq, drop: queueName, id };
        lines += `${JSON.stringify(entry)}\n`;
      }
    }
    this.dirty.clear();
    return lines;
  }

  /** Writes the whole state as the snapshot (covering every journal line so far), then empties the journal. */
  compact(): void {
    const snapshot = this.source.snapshot();
    snapshot.journalSeq = this.seq;
    this.saveSnapshot(snapshot);
    // The snapshot is on disk and covers every line: the journal can be emptied. The append
    // handle keeps writing at the (new) end.
    const fd = openSync(this.path, 'r+');
    try {
      ftruncateSync(fd, 0);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.bytes = 0;
  }
}

/**
 * Reads the journal's entries after `afterSeq`. A torn last line (the process died mid-write, so
 * that change was never acknowledged) is ignored; any other unreadable line is an error naming
 * the file, never skipped silently.
 */
export function readJournal(path: string, afterSeq: number): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf-8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const entries: JournalEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (!line) continue;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      if (index === lines.length - 1) break; // torn final write: never acknowledged
      throw new StateFileError(path, `line ${index + 1} is not a journal entry`, SQS_DAMAGED_REMEDY);
    }
    if (entry.seq > afterSeq) entries.push(entry);
  }
  return entries;
}

/** Applies journal entries to a snapshot in place; returns the last sequence number seen. */
export function replayJournal(snapshot: SqsSnapshot, entries: JournalEntry[]): number {
  let seq = snapshot.journalSeq ?? 0;
  const byQueue = new Map<string, Map<string, SnapshotMessage>>();
  for (const [name, messages] of Object.entries(snapshot.messages)) byQueue.set(name, new Map(messages.map((message) => [message.MessageId, message])));
  const queueOf = (name: string): Map<string, SnapshotMessage> => {
    let messages = byQueue.get(name);
    if (!messages) {
      messages = new Map();
      byQueue.set(name, messages);
    }
    return messages;
  };
  for (const entry of entries) {
    seq = Math.max(seq, entry.seq);
    if ('queues' in entry) {
      snapshot.queues = entry.queues;
      const names = new Set(entry.queues.map((queue) => queue.QueueName));
      for (const name of byQueue.keys()) if (!names.has(name)) byQueue.delete(name);
    } else if ('put' in entry) {
      queueOf(entry.put).set(entry.message.MessageId, entry.message);
    } else {
      byQueue.get(entry.drop)?.delete(entry.id);
    }
  }
  snapshot.messages = Object.fromEntries([...byQueue].map(([name, messages]) => [name, [...messages.values()]]));
  snapshot.journalSeq = seq;
  return seq;
}
