import { describe, expect, it } from 'vitest';
import * as errors from '../../../../src/lib/errors.js';
import { decodeBody, errorResponse, jsonResponse } from '../../../../src/lib/http.js';

describe('the HTTP error registry', () => {
  const httpErrorClasses = Object.entries(errors).filter(
    ([name, value]) => typeof value === 'function' && value.prototype instanceof errors.HttpError && name !== 'HttpError',
  ) as [string, new (message: string) => errors.HttpError][];

  it('gives every error class its own status and its own name', () => {
    const instances = httpErrorClasses.map(([className, Cls]) => ({ className, error: new Cls('m') }));
    for (const { className, error } of instances) expect(error.name).toBe(className);
    const statuses = instances.map(({ error }) => error.statusCode);
    expect(new Set(statuses).size).toBe(statuses.length);
    for (const status of statuses) expect(status >= 400 && status <= 599).toBe(true);
  });
});

describe('http responses', () => {
  it('answers JSON', () => {
    expect(jsonResponse(200, { a: 1 })).toEqual({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
  });

  it('answers an HttpError with its status and message', () => {
    expect(errorResponse(new errors.NotFoundError('Conversation not found'))).toMatchObject({
      statusCode: 404,
      body: '{"message":"Conversation not found"}',
    });
  });

  it('answers anything else 500 without its details', () => {
    const response = errorResponse(new TypeError('secret internals'));
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe('{"message":"Internal server error"}');
  });

  it('decodes base64 bodies', () => {
    expect(decodeBody(Buffer.from('{"message":"Hé"}').toString('base64'), true)).toBe('{"message":"Hé"}');
    expect(decodeBody('plain', false)).toBe('plain');
    expect(decodeBody(null, true)).toBeUndefined();
  });
});
