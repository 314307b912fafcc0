import { describe, expect, it } from 'vitest';
import { countInputTokens, countTokens, splitTokens } from '../../../local/bedrock/conversation/tokenEstimator.js';

describe('tokenEstimator', () => {
  it('splits text into pieces that join back into the text', () => {
    const text = '  Hello, wörld! 12345 supercalifragilistic\n\n日本語 ✓ ';
    expect(splitTokens(text).join('')).toBe(text);
    expect(countTokens(text)).toBe(splitTokens(text).length);
  });

  it('counts a conversation with its system prompt, turns and tools', () => {
    const base = countInputTokens({ messages: [{ role: 'user', content: [{ text: 'hello there' }] }] });
    const more = countInputTokens({
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ text: 'hello there' }] }],
      toolConfig: { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }] },
    });
    expect(base).toBe(3 + 2);
    expect(more).toBeGreaterThan(base);
  });
});
