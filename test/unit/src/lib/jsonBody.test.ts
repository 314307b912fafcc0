import { describe, expect, it } from 'vitest';
import { requiredStringField } from '../../../../src/lib/jsonBody.js';

describe('requiredStringField', () => {
  it('returns the string as sent, untrimmed', () => {
    expect(requiredStringField({ name: '  hi ' }, 'name')).toBe('  hi ');
  });

  it.each([
    [{}, '"name" is required'],
    [{ name: null }, '"name" is required'],
    [{ name: 3 }, '"name" must be a string'],
    [{ name: '  ' }, '"name" must not be empty'],
  ])('refuses %j with a 400', (fields, message) => {
    expect(() => requiredStringField(fields, 'name')).toThrow(expect.objectContaining({ statusCode: 400, message }));
  });
});
