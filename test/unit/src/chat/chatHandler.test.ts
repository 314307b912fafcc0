import { describe, expect, it } from 'vitest';
import { createChatHandler } from '../../../../src/chat/chatHandler.js';
import { BadGatewayError } from '../../../../src/lib/errors.js';
import { modelHttpError } from '../../../../src/chat/modelErrors.js';
import { InMemoryConversationStore, ScriptedChatModel, chatEventFactory, contextFactory, silentLogger } from '../factories.js';

function setup(historyTurns = 10) {
  const store = new InMemoryConversationStore();
  const model = new ScriptedChatModel();
  const handler = createChatHandler({ store, model, historyTurns, logger: silentLogger() });
  const send = async (body: unknown, userId: string | null = 'user-1') => {
    const result = await handler(chatEventFactory(typeof body === 'string' ? body : JSON.stringify(body), userId), contextFactory());
    return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
  };
  return { store, model, send };
}

describe('POST /chat', () => {
  it('starts a conversation and continues it with the history in order', async () => {
    // Prepare
    const { store, model, send } = setup();
    // Act
    const first = await send({ message: 'Hello' });
    model.reply = { text: 'Second answer' };
    const second = await send({ message: 'And then?', conversation_id: first.body.conversation_id });
    // Assess
    expect(first).toMatchObject({ status: 200, body: { response: 'Hello from the model' } });
    expect(first.body.conversation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toEqual({ status: 200, body: { conversation_id: first.body.conversation_id, response: 'Second answer' } });
    expect(model.calls[1].map((m) => [m.role, m.content?.[0]?.text])).toEqual([
      ['user', 'Hello'],
      ['assistant', 'Hello from the model'],
      ['user', 'And then?'],
    ]);
    expect(store.storedTurnCount()).toBe(2);
  });

  it('sends only the last N turns', async () => {
    const { model, send } = setup(1);
    const first = await send({ message: 'one' });
    const id = first.body.conversation_id;
    await send({ message: 'two', conversation_id: id });
    await send({ message: 'three', conversation_id: id });
    expect(model.calls[2].map((m) => m.content?.[0]?.text)).toEqual(['two', 'Hello from the model', 'three']);
  });

  it('reads a base64-encoded body (as API Gateway and sam generate-event send it)', async () => {
    const { store, model } = setup();
    const handler = createChatHandler({ store, model, historyTurns: 10, logger: silentLogger() });
    const event = chatEventFactory(Buffer.from('{"message":"Hi"}').toString('base64'), 'user-1', { isBase64Encoded: true });
    const result = await handler(event, contextFactory());
    expect(result.statusCode).toBe(200);
    expect(model.calls[0][0].content?.[0]?.text).toBe('Hi');
  });

  it('answers 404 for an unknown conversation and for another user\'s, leaking nothing and storing nothing', async () => {
    const { store, send } = setup();
    const alice = await send({ message: 'secret plan' }, 'alice');
    const unknown = await send({ message: 'x', conversation_id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }, 'alice');
    const stolen = await send({ message: 'x', conversation_id: alice.body.conversation_id }, 'mallory');
    expect(unknown).toEqual({ status: 404, body: { message: 'Conversation not found' } });
    expect(stolen).toEqual({ status: 404, body: { message: 'Conversation not found' } });
    expect(store.storedTurnCount()).toBe(1);
  });

  it.each([
    ['malformed JSON', '{"message":', 400],
    ['a missing message', {}, 400],
    ['an empty message', { message: '' }, 400],
    ['a non-string message', { message: ['a'] }, 400],
    ['a bad conversation id', { message: 'x', conversation_id: 12 }, 400],
    ['an oversized message', { message: 'x'.repeat(100_001) }, 413],
  ])('answers %s with %i and stores nothing, without calling the model', async (_name, body, status) => {
    const { store, model, send } = setup();
    const result = await send(body);
    expect(result.status).toBe(status);
    expect(typeof result.body.message).toBe('string');
    expect(model.calls).toHaveLength(0);
    expect(store.saveCalls).toBe(0);
  });

  it('answers 401 when the authorizer context has no user', async () => {
    const { send } = setup();
    expect(await send({ message: 'x' }, null)).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  });

  it.each([
    ['ThrottlingException', 429],
    ['ServiceUnavailableException', 503],
    ['ModelTimeoutException', 504],
    ['ValidationException', 502],
  ])('answers a Bedrock %s with %i and stores nothing', async (name, status) => {
    const { store, model, send } = setup();
    model.error = modelHttpError(Object.assign(new Error('upstream'), { name }));
    const result = await send({ message: 'Hello' });
    expect(result.status).toBe(status);
    expect(store.storedTurnCount()).toBe(0);
    expect(store.saveCalls).toBe(0);
  });

  it('refuses an empty model answer with 502 instead of storing a turn Bedrock would later reject', async () => {
    const { store, model, send } = setup();
    model.reply = { text: '' };
    const result = await send({ message: 'Hello' });
    expect(result).toEqual({ status: 502, body: { message: new BadGatewayError('The model returned an empty answer').message } });
    expect(store.saveCalls).toBe(0);
  });

  it('answers 500 without details when storing fails unexpectedly', async () => {
    const { store, send } = setup();
    store.failSave = new Error('ProvisionedThroughputExceeded: internal details');
    expect(await send({ message: 'Hello' })).toEqual({ status: 500, body: { message: 'Internal server error' } });
  });
});
