import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BatchedLineWriter } from '../../../local/runtime/BatchedLineWriter.js';

function recordingStream() {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(chunk.toString());
      callback();
    },
  });
  return { stream, writes };
}

describe('BatchedLineWriter', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const { stream, writes } = recordingStream();
    const writer = new BatchedLineWriter(stream);
    writer.write('START RequestId: 1');
    writer.write('END RequestId: 1');
    writer.write('REPORT RequestId: 1');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['START RequestId: 1\nEND RequestId: 1\nREPORT RequestId: 1\n']);
    writer.write('next turn');
    writer.flush();
    expect(writes).toEqual(['START RequestId: 1\nEND RequestId: 1\nREPORT RequestId: 1\n', 'next turn\n']);
  });

  it('writes nothing when nothing is pending', async () => {
    const { stream, writes } = recordingStream();
    const writer = new BatchedLineWriter(stream);
    writer.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([]);
  });
});
