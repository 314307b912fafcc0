import { describe, expect, it } from 'vitest';
import { SSE_DONE, sseEvent } from '../../../../src/stream/serverSentEvents.js';

describe('sseEvent', () => {
  it('frames JSON data, newlines escaped, with an optional event type', () => {
    expect(sseEvent({ text: 'a\nb' })).toBe('data: {"text":"a\\nb"}\n\n');
    expect(sseEvent({ error: { message: 'x' } }, 'error')).toBe('event: error\ndata: {"error":{"message":"x"}}\n\n');
    expect(sseEvent({}, 'bad\ntype')).toBe('event: badtype\ndata: {}\n\n');
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
  });
});
