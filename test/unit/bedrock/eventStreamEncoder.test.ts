import { describe, expect, it } from 'vitest';
import { decodeEventStream, EventStreamEncoder } from '../../../local/bedrock/eventstream/EventStreamEncoder.js';

describe('EventStreamEncoder', () => {
  it('builds byte for byte the frame EventStreamCodec.encode builds', () => {
    for (const [type, body] of [
      ['messageStart', { role: 'assistant' }],
      ['contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'héllo ✓ 日本' } }],
      ['metadata', { usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, metrics: { latencyMs: 4 } }],
    ] as const) {
      expect(Buffer.from(EventStreamEncoder.event(type, body)).equals(Buffer.from(EventStreamEncoder.referenceEvent(type, body))), type).toBe(true);
    }
  });

  it('round-trips events and exceptions through the codec, bodies unwrapped', () => {
    const bytes = Buffer.concat([
      EventStreamEncoder.event('messageStart', { role: 'assistant' }),
      EventStreamEncoder.exception('throttlingException', { message: 'slow down' }),
    ]);
    expect(decodeEventStream(bytes)).toEqual([
      { headers: { ':event-type': 'messageStart', ':content-type': 'application/json', ':message-type': 'event' }, body: { role: 'assistant' } },
      { headers: { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' }, body: { message: 'slow down' } },
    ]);
  });
});
