import { describe, expect, it } from 'vitest';
import { BadRequestError, PayloadTooLargeError } from '../../../src/lib/errors.js';
import { MAX_QUESTION_CHARACTERS, parseKnowledgeRequest } from '../../../src/knowledge/knowledgeRequest.js';

describe('parseKnowledgeRequest', () => {
  it('defaults to generate mode with the simple model and no result limit', () => {
    expect(parseKnowledgeRequest('{"question":"  How do I deploy?  "}')).toEqual({ question: 'How do I deploy?', mode: 'generate', complex: false });
  });

  it('reads every field', () => {
    expect(parseKnowledgeRequest(JSON.stringify({ question: 'q', mode: 'retrieve', max_results: 25, complex: true }))).toEqual({
      question: 'q',
      mode: 'retrieve',
      maxResults: 25,
      complex: true,
    });
  });

  it.each([
    [undefined, /body is required/],
    ['   ', /body is required/],
    ['{"question": ', /not valid JSON/],
    ['[1]', /JSON object/],
    ['"question"', /JSON object/],
    ['null', /JSON object/],
    ['{}', /"question" is required/],
    ['{"question": null}', /"question" is required/],
    ['{"question": 3}', /"question" must be a string/],
    ['{"question": " \\n "}', /must not be empty/],
    ['{"question": "q", "mode": "search"}', /"mode" must be "retrieve" or "generate"/],
    ['{"question": "q", "mode": null}', /"mode" must be/],
    ['{"question": "q", "max_results": 0}', /"max_results" must be an integer from 1 to 25/],
    ['{"question": "q", "max_results": 26}', /"max_results"/],
    ['{"question": "q", "max_results": 2.5}', /"max_results"/],
    ['{"question": "q", "max_results": "5"}', /"max_results"/],
    ['{"question": "q", "complex": "yes"}', /"complex" must be a boolean/],
    ['{"question": "q", "model": "x"}', /Unknown field\(s\): "model"/],
  ])('refuses %j with 400', (body, message) => {
    const act = () => parseKnowledgeRequest(body);
    expect(act).toThrow(BadRequestError);
    expect(act).toThrow(message);
  });

  it('answers 413 for a question over the limit, and accepts one at the limit', () => {
    expect(parseKnowledgeRequest(JSON.stringify({ question: 'x'.repeat(MAX_QUESTION_CHARACTERS) })).question).toHaveLength(MAX_QUESTION_CHARACTERS);
    expect(() => parseKnowledgeRequest(JSON.stringify({ question: 'x'.repeat(MAX_QUESTION_CHARACTERS + 1) }))).toThrow(PayloadTooLargeError);
  });
});
