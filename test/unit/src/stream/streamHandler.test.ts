import { describe, expect, it } from 'vitest';
import { modelHttpError } from '../../../../src/chat/modelErrors.js';
import { createStreamHandler } from '../../../../src/stream/streamHandler.js';
import type { OpenResponse } from '../../../../src/stream/streamHandler.js';
import {
  InMemoryConversationStore,
  RecordingResponseStream,
  ScriptedChatModel,
  chatEventFactory,
  contextFactory,
  silentLogger,
  streamEventsFor,
} from '../factories.js';

/** `HttpResponseStream.from` as the runtime does it, minus the prelude bytes: records the metadata, returns the stream. */
const openResponse: OpenResponse = (stream, metadata) => {
  (stream as RecordingResponseStream).metadata = metadata;
  return stream;
};

async function setup() {
  const store = new InMemoryConversationStore();
  const model = new ScriptedChatModel();
  const handler = createStreamHandler({
    store,
    model,
    historyTurns: 10,
    logger: silentLogger(),
    openResponse,
  });
  return { store, model, handler };
}

/** A REST (v1) event of `POST /chat/stream` as API Gateway sends it once the authorizer allowed `userId`. */
function streamEvent(body: string | undefined, method = 'POST', userId: string | null = 'user-1') {
  return chatEventFactory(body ?? null, userId, { httpMethod: method, path: '/chat/stream', resource: '/chat/stream' });
}

/** Parses an SSE body into `[event type, data]` pairs. */
function sseEvents(text: string): [string, string][] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const lines = block.split('\n');
      const type = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return [type, data];
    });
}

describe('the streaming chat handler', () => {
  it('streams each delta, then usage and conversation id, then [DONE], and stores the turn', async () => {
    // Prepare
    const { store, model, handler } = await setup();
    model.streamEvents = streamEventsFor(['Hel', 'lo', '!']);
    const response = new RecordingResponseStream();
    // Act
    await handler(streamEvent('{"message":"Hi"}'), response, contextFactory());
    // Assess
    expect(response.metadata).toEqual({ statusCode: 200, headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });
    const events = sseEvents(response.text);
    expect(events.slice(0, 3)).toEqual([['message', '{"text":"Hel"}'], ['message', '{"text":"lo"}'], ['message', '{"text":"!"}']]);
    const final = JSON.parse(events[3][1]) as { usage: unknown; conversation_id: string };
    expect(final.usage).toEqual({ inputTokens: 5, outputTokens: 3, totalTokens: 8 });
    expect(events[4]).toEqual(['message', '[DONE]']);
    expect(events).toHaveLength(5);
    expect(response.writableEnded).toBe(true);
    expect(store.turns.get(final.conversation_id)?.map((t) => [t.userMessage, t.assistantMessage])).toEqual([['Hi', 'Hello!']]);
  });

  it('writes each delta before the model yields the next one', async () => {
    const { model, handler } = await setup();
    model.streamEvents = streamEventsFor(['first', 'second']);
    let release!: () => void;
    // The stream holds the second delta (event index 2) until the first one reached the client.
    model.pause = { at: 2, until: new Promise<void>((resolve) => (release = resolve)) };
    const response = new RecordingResponseStream();
    response.onChunk = (chunk) => {
      if (chunk.includes('"first"')) release();
    };
    await handler(streamEvent('{"message":"Hi"}'), response, contextFactory());
    expect(response.text).toContain('data: {"text":"second"}');
  });

  it('continues a conversation with its history', async () => {
    const { model, handler } = await setup();
    model.streamEvents = streamEventsFor(['One']);
    const first = new RecordingResponseStream();
    await handler(streamEvent('{"message":"Q1"}'), first, contextFactory());
    const id = (JSON.parse(sseEvents(first.text)[1][1]) as { conversation_id: string }).conversation_id;
    const second = new RecordingResponseStream();
    await handler(streamEvent(JSON.stringify({ message: 'Q2', conversation_id: id })), second, contextFactory());
    expect(model.calls[1].map((m) => m.content?.[0]?.text)).toEqual(['Q1', 'One', 'Q2']);
  });

  it('answers 401 JSON without an authorizer identity (a route left without the authorizer) and never calls the model', async () => {
    // Prepare
    const { model, handler } = await setup();
    const response = new RecordingResponseStream();
    // Act
    await handler(streamEvent('{"message":"Hi"}', 'POST', null), response, contextFactory());
    // Assess
    expect(response.metadata).toEqual({ statusCode: 401, headers: { 'Content-Type': 'application/json' } });
    expect(typeof (JSON.parse(response.text) as { message: unknown }).message).toBe('string');
    expect(model.calls).toHaveLength(0);
  });

  it('answers 400 / 404 / 405 as JSON before streaming', async () => {
    const { store, handler } = await setup();
    const cases: [string | undefined, string, number][] = [
      ['{"message":', 'POST', 400],
      ['{"message":"x","conversation_id":"3f2504e0-4f89-41d3-9a0c-0305e82c3301"}', 'POST', 404],
      ['{"message":"x"}', 'GET', 405],
    ];
    for (const [body, method, status] of cases) {
      const response = new RecordingResponseStream();
      await handler(streamEvent(body, method), response, contextFactory());
      expect(response.metadata?.statusCode).toBe(status);
      expect(typeof (JSON.parse(response.text) as { message: unknown }).message).toBe('string');
    }
    expect(store.saveCalls).toBe(0);
  });

  it('answers a Bedrock error raised before the stream with its status', async () => {
    const { store, model, handler } = await setup();
    model.error = modelHttpError(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const response = new RecordingResponseStream();
    await handler(streamEvent('{"message":"Hi"}'), response, contextFactory());
    expect(response.metadata?.statusCode).toBe(429);
    expect(store.saveCalls).toBe(0);
  });

  it('sends an error event for a mid-stream Bedrock exception, no [DONE], stores nothing', async () => {
    const { store, model, handler } = await setup();
    model.streamEvents = [
      ...streamEventsFor(['partial']).slice(0, 2),
      modelHttpError(Object.assign(new Error('model broke'), { name: 'ModelStreamErrorException' })),
    ];
    const response = new RecordingResponseStream();
    await handler(streamEvent('{"message":"Hi"}'), response, contextFactory());
    const events = sseEvents(response.text);
    expect(events[0]).toEqual(['message', '{"text":"partial"}']);
    expect(events[1][0]).toBe('error');
    expect(JSON.parse(events[1][1])).toEqual({ error: { status: 502, message: 'The model failed to answer: model broke' } });
    expect(events).toHaveLength(2);
    expect(store.saveCalls).toBe(0);
    expect(response.writableEnded).toBe(true);
  });

  it('aborts the model stream and stores nothing when the client disconnects', async () => {
    const { store, model, handler } = await setup();
    model.streamEvents = streamEventsFor(['first', 'second', 'third']);
    let release!: () => void;
    model.pause = { at: 2, until: new Promise<void>((resolve) => (release = resolve)) };
    const response = new RecordingResponseStream();
    response.onChunk = (chunk) => {
      if (chunk.includes('"first"')) {
        // The client goes away after the first delta; then the model produces its next event.
        response.destroy();
        setImmediate(release);
      }
    };
    await handler(streamEvent('{"message":"Hi"}'), response, contextFactory());
    expect(model.streamSignal?.aborted).toBe(true);
    expect(response.text).not.toContain('second');
    expect(store.saveCalls).toBe(0);
  });
});
