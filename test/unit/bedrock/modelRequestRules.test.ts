import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import { cachedPrefix, countCachePoints, PromptCache } from '../../../local/bedrock/conversation/PromptCache.js';
import { claudeGeneration, refusesTemperatureWithTopP } from '../../../local/bedrock/families/modelRequestRules.js';

describe('model request rules by generation', () => {
  it('reads the Claude generation from the id (a date is not a minor version)', () => {
    expect(claudeGeneration('anthropic.claude-haiku-4-5-20251001-v1:0')).toEqual([4, 5]);
    expect(claudeGeneration('anthropic.claude-sonnet-4-6')).toEqual([4, 6]);
    expect(claudeGeneration('anthropic.claude-opus-4-1-20250805-v1:0')).toEqual([4, 1]);
    expect(claudeGeneration('anthropic.claude-sonnet-4-20250514-v1:0')).toEqual([4, 0]);
    expect(claudeGeneration('anthropic.claude-3-haiku-20240307-v1:0')).toBeUndefined();
  });

  it('refuses temperature with top_p from Claude 4.5 on, in every catalogue entry', () => {
    // Prepare
    const catalogue = ModelCatalogue.load();
    const refusing = catalogue.models.filter((model) => refusesTemperatureWithTopP(model)).map((model) => model.id);
    // Assess
    expect(refusing).toEqual(expect.arrayContaining(['anthropic.claude-sonnet-4-5-20250929-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'anthropic.claude-opus-4-5-20251101-v1:0', 'anthropic.claude-sonnet-4-6', 'anthropic.claude-opus-4-6-v1']));
    expect(refusing).not.toContain('anthropic.claude-opus-4-1-20250805-v1:0');
    expect(refusing.every((id) => id.startsWith('anthropic.'))).toBe(true);
  });
});

describe('PromptCache', () => {
  const request = {
    system: [{ text: 'policy '.repeat(50) }, { cachePoint: { type: 'default' as const } }],
    messages: [{ role: 'user' as const, content: [{ text: 'question' }] }],
  };

  it('cuts the request before its last checkpoint and counts checkpoints everywhere', () => {
    expect(cachedPrefix(request)).toEqual({ toolConfig: { tools: [] }, system: [request.system[0]] });
    expect(cachedPrefix({ messages: request.messages })).toBeUndefined();
    expect(countCachePoints({ ...request, messages: [{ role: 'user', content: [{ text: 'q' }, { cachePoint: { type: 'default' } }] }] })).toBe(2);
  });

  it('writes first, then reads the identical prefix of the same model only', () => {
    // Prepare
    const cache = new PromptCache();
    // Act
    const first = cache.account('m1', request);
    const second = cache.account('m1', request);
    const otherModel = cache.account('m2', request);
    cache.reset();
    const afterReset = cache.account('m1', request);
    // Assess
    expect(first?.cacheWriteInputTokens).toBeGreaterThan(0);
    expect(second).toEqual({ cacheReadInputTokens: first?.cacheWriteInputTokens, cacheWriteInputTokens: 0 });
    expect(otherModel?.cacheReadInputTokens).toBe(0);
    expect(afterReset?.cacheReadInputTokens).toBe(0);
  });
});
