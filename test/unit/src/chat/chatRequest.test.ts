import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, parseChatRequest } from '../../../../src/chat/chatRequest.js';
import { BadRequestError, PayloadTooLargeError } from '../../../../src/lib/errors.js';

describe('parseChatRequest', () => {
  it('accepts a message alone', () => {
    expect(parseChatRequest('{"message":"Hello"}')).toEqual({ message: 'Hello' });
  });

  it('accepts and lower-cases a UUID conversation_id', () => {
    const id = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
    expect(parseChatRequest(JSON.stringify({ message: 'Hi', conversation_id: id }))).toEqual({
      message: 'Hi',
      conversationId: id.toLowerCase(),
    });
  });

  it('treats a null conversation_id as absent', () => {
    expect(parseChatRequest('{"message":"Hi","conversation_id":null}')).toEqual({ message: 'Hi' });
  });

  it.each([
    ['no body', undefined, 'Request body is required'],
    ['a blank body', '   ', 'Request body is required'],
    ['malformed JSON', '{"message":', 'not valid JSON'],
    ['a JSON array', '["Hello"]', 'must be a JSON object'],
    ['a JSON string', '"Hello"', 'must be a JSON object'],
    ['JSON null', 'null', 'must be a JSON object'],
    ['no message', '{}', '"message" is required'],
    ['a numeric message', '{"message":42}', '"message" must be a string'],
    ['an object message', '{"message":{"text":"x"}}', '"message" must be a string'],
    ['an empty message', '{"message":""}', '"message" must not be empty'],
    ['a whitespace message', '{"message":" \\n\\t"}', '"message" must not be empty'],
    ['a numeric conversation_id', '{"message":"Hi","conversation_id":7}', '"conversation_id" must be a string'],
    ['a non-UUID conversation_id', '{"message":"Hi","conversation_id":"abc"}', '"conversation_id" must be a UUID'],
    ['a UUID with extra text', '{"message":"Hi","conversation_id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301x"}', 'must be a UUID'],
  ])('refuses %s with 400', (_name, body, message) => {
    // Act
    const act = (): unknown => parseChatRequest(body);
    // Assess
    expect(act).toThrow(BadRequestError);
    expect(act).toThrow(message);
  });

  it('counts the limit in UTF-8 bytes (the turn must fit one 400 KB DynamoDB item)', () => {
    const cjk = '字'.repeat(MAX_MESSAGE_BYTES / 3 + 1);
    expect(() => parseChatRequest(JSON.stringify({ message: cjk }))).toThrow(PayloadTooLargeError);
    expect(parseChatRequest(JSON.stringify({ message: '字'.repeat(MAX_MESSAGE_BYTES / 4) })).message).toHaveLength(MAX_MESSAGE_BYTES / 4);
  });

  it('accepts a message of exactly the limit and refuses one longer with 413', () => {
    expect(parseChatRequest(JSON.stringify({ message: 'x'.repeat(MAX_MESSAGE_BYTES) })).message).toHaveLength(MAX_MESSAGE_BYTES);
    const act = (): unknown => parseChatRequest(JSON.stringify({ message: 'x'.repeat(MAX_MESSAGE_BYTES + 1) }));
    expect(act).toThrow(PayloadTooLargeError);
    try {
      act();
    } catch (error) {
      expect((error as PayloadTooLargeError).statusCode).toBe(413);
    }
  });
});
