import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import type { AnswerPart, GenerationEvent, ModelRequest, Responder } from '../../../local/bedrock/conversation/types.js';
import { Generation } from '../../../local/bedrock/generation/Generation.js';
import { NO_PACE } from '../../../local/bedrock/generation/Pacer.js';

const model = ModelCatalogue.load().resolve('anthropic.claude-3-haiku-20240307-v1:0');
const scripted = (...parts: AnswerPart[]): Responder => ({ name: 'scripted', respond: () => parts });
const request = (inferenceConfig: ModelRequest['inferenceConfig'] = {}): ModelRequest => ({
  operation: 'ConverseStream', model, system: [], messages: [{ role: 'user', content: [{ text: 'q' }] }], inferenceConfig, headers: {},
});

async function run(generation: Generation): Promise<GenerationEvent[]> {
  const events: GenerationEvent[] = [];
  for await (const event of generation.events()) events.push(event);
  return events;
}

describe('Generation', () => {
  it('streams one delta per token and reports usage', async () => {
    const generation = new Generation(request(), scripted({ kind: 'text', text: 'one two three' }), { pace: NO_PACE, streaming: true, signal: new AbortController().signal });
    const events = await run(generation);
    expect(events.filter((event) => event.type === 'textDelta').map((event) => (event as { text: string }).text)).toEqual(['one', ' two', ' three']);
    expect(generation.result).toMatchObject({ stopReason: 'end_turn', usage: { outputTokens: 3 }, content: [{ text: 'one two three' }] });
  });

  it('cuts at maxTokens with stopReason max_tokens', async () => {
    const generation = new Generation(request({ maxTokens: 2 }), scripted({ kind: 'text', text: 'one two three' }), { pace: NO_PACE, streaming: false, signal: new AbortController().signal });
    await run(generation);
    expect(generation.result).toMatchObject({ stopReason: 'max_tokens', usage: { outputTokens: 2 }, content: [{ text: 'one two' }] });
  });

  it('stops at a stop sequence, leaving it out', async () => {
    const generation = new Generation(request({ stopSequences: ['STOP'] }), scripted({ kind: 'text', text: 'alpha beta STOP gamma' }), { pace: NO_PACE, streaming: true, signal: new AbortController().signal });
    await run(generation);
    expect(generation.result).toMatchObject({ stopReason: 'stop_sequence', content: [{ text: 'alpha beta ' }] });
  });

  it('emits tool use as a block start, input deltas and a stop', async () => {
    const generation = new Generation(
      request(),
      scripted({ kind: 'toolUse', toolUseId: 'tooluse_1', name: 'lookup', input: { id: 7 } }, { kind: 'stop', stopReason: 'tool_use' }),
      { pace: NO_PACE, streaming: true, signal: new AbortController().signal },
    );
    const events = await run(generation);
    expect(events[1]).toEqual({ type: 'blockStart', index: 0, toolUse: { toolUseId: 'tooluse_1', name: 'lookup' } });
    const input = events.filter((event) => event.type === 'toolInputDelta').map((event) => (event as { input: string }).input).join('');
    expect(JSON.parse(input)).toEqual({ id: 7 });
    expect(generation.result?.stopReason).toBe('tool_use');
  });

  it('throws the injected interruption after N tokens', async () => {
    const failure = new Error('interrupted');
    const generation = new Generation(request(), scripted({ kind: 'text', text: 'a b c d' }), { pace: NO_PACE, streaming: true, signal: new AbortController().signal, interrupt: { afterTokens: 2, error: failure } });
    const seen: string[] = [];
    await expect(async () => {
      for await (const event of generation.events()) if (event.type === 'textDelta') seen.push(event.text);
    }).rejects.toBe(failure);
    expect(seen).toEqual(['a', ' b']);
  });
});
