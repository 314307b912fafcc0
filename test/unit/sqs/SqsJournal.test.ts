import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal, replayJournal, type JournalEntry } from '../../../local/sqs/SqsJournal.js';
import type { SnapshotMessage, SqsSnapshot } from '../../../local/sqs/SqsMessageSnapshot.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function message(id: string, body = id): SnapshotMessage {
  return { MessageId: id, MessageBody: body, attributes: { ApproximateReceiveCount: '0', SentTimestamp: '1' }, visibleFrom: 0, inFlight: false };
}

function journalFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'));
  dirs.push(dir);
  const path = join(dir, 'journal.ndjson');
  writeFileSync(path, text);
  return path;
}

describe('replayJournal', () => {
  it('applies puts, drops and queue lists in order on top of the snapshot', () => {
    // Prepare
    const snapshot: SqsSnapshot = { version: 1, savedAt: '', queues: [{ QueueName: 'q', Attributes: {}, tags: {} }], messages: { q: [message('a'), message('b')] }, journalSeq: 3 };
    const entries: JournalEntry[] = [
      { seq: 4, put: 'q', message: message('c') },
      { seq: 5, drop: 'q', id: 'a' },
      { seq: 6, put: 'q', message: { ...message('b'), inFlight: true, invisibleUntil: 99 } },
      { seq: 7, queues: [{ QueueName: 'q', Attributes: {}, tags: {} }, { QueueName: 'r', Attributes: {}, tags: {} }] },
      { seq: 8, put: 'r', message: message('d') },
    ];

    // Act
    const seq = replayJournal(snapshot, entries);

    // Assess
    expect(seq).toBe(8);
    expect(snapshot.journalSeq).toBe(8);
    expect(snapshot.messages.q!.map((m) => [m.MessageId, m.inFlight])).toEqual([['b', true], ['c', false]]);
    expect(snapshot.messages.r!.map((m) => m.MessageId)).toEqual(['d']);
    expect(snapshot.queues.map((q) => q.QueueName)).toEqual(['q', 'r']);
  });

  it('drops the messages of a queue the queue list no longer names', () => {
    const snapshot: SqsSnapshot = { version: 1, savedAt: '', queues: [{ QueueName: 'gone', Attributes: {}, tags: {} }], messages: { gone: [message('a')] } };
    replayJournal(snapshot, [{ seq: 1, queues: [] }]);
    expect(snapshot.messages).toEqual({});
  });
});

describe('readJournal', () => {
  it('returns the entries after the snapshot and ignores a torn last line (never acknowledged)', () => {
    const path = journalFile(`${JSON.stringify({ seq: 1, drop: 'q', id: 'x' })}\n${JSON.stringify({ seq: 2, drop: 'q', id: 'y' })}\n{"seq":3,"pu`);
    expect(readJournal(path, 1)).toEqual([{ seq: 2, drop: 'q', id: 'y' }]);
  });

  it('refuses a damaged line in the middle, naming the file and what to do', () => {
    const path = journalFile(`garbage\n${JSON.stringify({ seq: 2, drop: 'q', id: 'y' })}\n`);
    expect(() => readJournal(path, 0)).toThrow(new RegExp(`${path} is damaged \\(line 1 is not a journal entry\\)\\. .*Move the sqs folder aside`));
  });

  it('reads a missing journal as empty', () => {
    expect(readJournal(join(tmpdir(), 'no-such-journal.ndjson'), 0)).toEqual([]);
  });
});
