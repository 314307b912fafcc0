import { describe, expect, it } from 'vitest';
import { countWords, routeModel } from '../../../src/knowledge/modelRouting.js';
import { readKnowledgeConfig } from '../../../src/knowledge/knowledgeConfig.js';
import { ConfigError } from '../../../src/lib/errors.js';

const config = { modelId: 'cheap', complexModelId: 'strong', complexQuestionWords: 5 };

describe('routeModel', () => {
  it('uses the cheap model for a short question', () => {
    expect(routeModel({ question: 'What is the API port?', complex: false }, config)).toEqual({ modelId: 'cheap', reason: 'default' });
  });

  it('uses the strong model when the caller asks for it', () => {
    expect(routeModel({ question: 'Port?', complex: true }, config)).toEqual({ modelId: 'strong', reason: 'requested' });
  });

  it('uses the strong model for a question over the word threshold, not at it', () => {
    expect(routeModel({ question: 'one two three four five', complex: false }, config).modelId).toBe('cheap');
    expect(routeModel({ question: 'one two three four five six', complex: false }, config)).toEqual({ modelId: 'strong', reason: 'long-question' });
  });

  it('counts words, not punctuation or spacing', () => {
    expect(countWords("  Isn't it  --  the dead-letter queue's job?\n")).toBe(6);
    expect(countWords('')).toBe(0);
    expect(countWords('Was ist die Warteschlange für Fehler?')).toBe(6);
  });
});

describe('readKnowledgeConfig', () => {
  const env = { KNOWLEDGE_BASE_ID: 'KB12345678', MODEL_ID: 'cheap', COMPLEX_MODEL_ID: 'strong' };

  it('reads the knowledge base and both models, with a default threshold', () => {
    expect(readKnowledgeConfig(env)).toEqual({ knowledgeBaseId: 'KB12345678', modelId: 'cheap', complexModelId: 'strong', complexQuestionWords: 40 });
  });

  it('falls back to MODEL_ID when COMPLEX_MODEL_ID is unset and reads the threshold', () => {
    expect(readKnowledgeConfig({ ...env, COMPLEX_MODEL_ID: ' ', COMPLEX_QUESTION_WORDS: '12' })).toMatchObject({ complexModelId: 'cheap', complexQuestionWords: 12 });
  });

  it.each([
    [{ ...env, KNOWLEDGE_BASE_ID: undefined }, /KNOWLEDGE_BASE_ID is required/],
    [{ ...env, KNOWLEDGE_BASE_ID: 'TOO-LONG-ID-1' }, /KNOWLEDGE_BASE_ID must be/],
    [{ ...env, MODEL_ID: '' }, /MODEL_ID is required/],
    [{ ...env, COMPLEX_QUESTION_WORDS: 'many' }, /COMPLEX_QUESTION_WORDS must be an integer/],
    [{ ...env, COMPLEX_QUESTION_WORDS: '0' }, /COMPLEX_QUESTION_WORDS/],
  ])('refuses to start with a bad environment (%#)', (bad, message) => {
    expect(() => readKnowledgeConfig(bad)).toThrow(ConfigError);
    expect(() => readKnowledgeConfig(bad)).toThrow(message);
  });
});
