import { describe, expect, it } from 'vitest';
import type { InvocationRecord } from '../../../local/bedrock/index.js';
import '../../../local/testing/vitest.js';

const call = (overrides: Partial<InvocationRecord>): InvocationRecord => ({
  id: 'inv-1',
  timestamp: '2026-12-07T00:00:00.000Z',
  operation: 'Converse',
  modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  resolvedModelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
  input: {},
  system: [{ text: 'You are terse.' }],
  messages: [
    { role: 'user', content: [{ text: 'first question' }] },
    { role: 'assistant', content: [{ text: 'an answer' }] },
    { role: 'user', content: [{ text: 'What is the weather in Paris?' }] },
  ],
  latencyMs: 1,
  status: 'ok',
  ...overrides,
});

const calls = [call({}), call({ id: 'inv-2', operation: 'InvokeModel', modelId: 'us.amazon.nova-lite-v1:0', resolvedModelId: 'amazon.nova-lite-v1:0', system: [], messages: [{ role: 'user', content: [{ text: 'Summarise: x' }] }] })];
const fakeBedrock = { invocations: async () => calls };

describe('Bedrock matchers', () => {
  it('pass on the last user message, the model (requested or resolved), the system prompt', async () => {
    await expect(fakeBedrock).toHaveBeenCalledWithPrompt('weather in Paris');
    await expect(fakeBedrock).toHaveBeenCalledWithPrompt(/^Summarise: /);
    await expect(fakeBedrock).not.toHaveBeenCalledWithPrompt('first question');
    await expect(calls).toHaveBeenCalledWithModel('us.amazon.nova-lite-v1:0');
    await expect(calls).toHaveBeenCalledWithModel('anthropic.claude-haiku-4-5-20251001-v1:0');
    await expect(fakeBedrock).toHaveBeenCalledWithSystem(/terse/);
    await expect(fakeBedrock).not.toHaveBeenCalledWithSystem('verbose');
  });

  it('fail with what the fake received, call by call', async () => {
    const failure = expect(fakeBedrock).toHaveBeenCalledWithPrompt('snow');
    await expect(failure).rejects.toThrow('expected the fake Bedrock to have been called with a prompt containing "snow".');
    await expect(expect(fakeBedrock).toHaveBeenCalledWithPrompt('snow')).rejects.toThrow(
      /received 2 call\(s\):\n {2}1\. Converse us\.anthropic\.claude-haiku-4-5-20251001-v1:0 \(ok\) prompt "What is the weather in Paris\?" system "You are terse\."\n {2}2\. InvokeModel us\.amazon\.nova-lite-v1:0 \(ok\) prompt "Summarise: x"$/,
    );
    await expect(expect(fakeBedrock).not.toHaveBeenCalledWithModel('us.amazon.nova-lite-v1:0')).rejects.toThrow(/not to have been called with the model/);
    await expect(expect([]).toHaveBeenCalledWithSystem('x')).rejects.toThrow(/received no calls/);
  });
});
