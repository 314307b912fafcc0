import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import { lifecycleState } from '../../../local/bedrock/catalogue/modelLifecycle.js';
import { BedrockError } from '../../../local/bedrock/errors.js';

const catalogue = ModelCatalogue.load();

describe('ModelCatalogue', () => {
  it('has unique ids and a price and limit for each model', () => {
    const ids = catalogue.models.map((model) => model.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of catalogue.models) {
      if (model.kind === 'rerank') expect(model.pricePer1kQueries, model.id).toBeGreaterThan(0);
      else expect(model.pricePer1kInputTokens, model.id).toBeGreaterThan(0);
      if (model.kind === 'text') expect(model.maxOutputTokens, model.id).toBeGreaterThan(0);
      if (model.kind === 'embedding') expect(model.embeddingDimensions?.length, model.id).toBeGreaterThan(0);
    }
  });

  it('names a source read on a date for every lifecycle, and an active replacement for every end of life', () => {
    const today = new Date('2026-12-07T00:00:00Z');
    for (const model of catalogue.models) {
      if (!model.lifecycle) continue;
      const source = catalogue.sources[model.lifecycle.source ?? ''];
      expect(source?.read, model.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (model.lifecycle.replacement) {
        const replacement = catalogue.get(model.lifecycle.replacement);
        expect(replacement && lifecycleState(replacement, today), model.id).toBe('ACTIVE');
      }
    }
  });

  it('resolves bare ids, URL-encoded ids, ARNs and inference profiles', () => {
    expect(catalogue.resolve('anthropic.claude-3-haiku-20240307-v1%3A0').entry.id).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(catalogue.resolve('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0').entry.id).toBe('amazon.nova-lite-v1:0');
    const profile = catalogue.resolve('us.anthropic.claude-sonnet-4-20250514-v1:0');
    expect(profile).toMatchObject({ profile: 'us', entry: { id: 'anthropic.claude-sonnet-4-20250514-v1:0' } });
    expect(catalogue.resolve('arn:aws:bedrock:us-east-1:000000000000:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0').profile).toBe('eu');
  });

  it('refuses unknown ids, unknown profiles and on-demand calls of profile-only models', () => {
    const message = (id: string) => {
      try {
        catalogue.resolve(id);
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(BedrockError);
        return (error as BedrockError).message;
      }
    };
    expect(message('anthropic.claude-9')).toBe('The provided model identifier is invalid.');
    expect(message('apac.anthropic.claude-3-5-haiku-20241022-v1:0')).toBe('The provided model identifier is invalid.');
    expect(message('anthropic.claude-sonnet-4-20250514-v1:0')).toContain('inference profile');
  });
});
