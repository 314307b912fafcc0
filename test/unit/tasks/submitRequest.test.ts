import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../../src/lib/errors.js';
import { CallbackUrlPolicy } from '../../../src/tasks/callbackUrlPolicy.js';
import { parseSubmitRequest } from '../../../src/tasks/submitRequest.js';

const limits = { maxPromptBytes: 10, callbackPolicy: new CallbackUrlPolicy([]) };

describe('parseSubmitRequest', () => {
  it('reads a prompt and a callback URL', () => {
    expect(parseSubmitRequest('{"prompt":"hi","callback_url":"https://example.com/h"}', limits)).toEqual({
      prompt: 'hi',
      callbackUrl: 'https://example.com/h',
    });
  });

  it('counts the prompt limit in UTF-8 bytes', () => {
    expect(parseSubmitRequest(JSON.stringify({ prompt: 'x'.repeat(10) }), limits).prompt).toHaveLength(10);
    expect(() => parseSubmitRequest(JSON.stringify({ prompt: 'é'.repeat(6) }), limits)).toThrow(/at most 10 bytes/);
  });

  it.each([
    [undefined, /JSON object/],
    ['', /JSON object/],
    ['{', /not valid JSON/],
    ['[]', /JSON object/],
    ['{}', /"prompt" is required/],
    ['{"prompt":1}', /must be a string/],
    ['{"prompt":"  "}', /must not be empty/],
    ['{"prompt":"hi","extra":1}', /Unknown field/],
    ['{"prompt":"hi","callback_url":"http://10.0.0.1/"}', /https/],
  ])('refuses %j with a 400', (body, message) => {
    let caught: unknown;
    try {
      parseSubmitRequest(body, limits);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect((caught as BadRequestError).statusCode).toBe(400);
    expect((caught as Error).message).toMatch(message);
  });
});
