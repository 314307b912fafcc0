import { describe, expect, it } from 'vitest';
import { PRELUDE_LIMIT_BYTES, StreamPreludeReader, toStreamHead } from '../../../local/gateway/streamPrelude.js';

describe('toStreamHead', () => {
  it('maps statusCode, headers, multiValueHeaders and cookies; drops framing headers; defaults JSON', () => {
    const head = toStreamHead({
      statusCode: 202,
      headers: { 'X-One': 'a', 'Content-Length': '99' },
      multiValueHeaders: { 'X-Many': ['b', 'c'], 'Set-Cookie': ['s=1'] },
      cookies: ['c=2'],
    });
    expect(head).toEqual({
      status: 202,
      headers: { 'x-one': 'a', 'x-many': ['b', 'c'], 'set-cookie': ['s=1', 'c=2'], 'content-type': 'application/json' },
    });
  });

  it('defaults the status to 200 and refuses malformed metadata', () => {
    expect(toStreamHead({})?.status).toBe(200);
    for (const bad of [null, [], { statusCode: '200' }, { statusCode: 42 }, { headers: { a: { b: 1 } } }, { multiValueHeaders: { a: 'x' } }, { cookies: [1] }]) {
      expect(toStreamHead(bad), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('StreamPreludeReader', () => {
  it('waits for the 8-NUL delimiter across chunks and hands over what follows it', () => {
    const reader = new StreamPreludeReader();
    expect(reader.push(Buffer.from('{"statusCode":201}'))).toEqual({ kind: 'pending' });
    expect(reader.push(Buffer.alloc(5))).toEqual({ kind: 'pending' });
    const step = reader.push(Buffer.concat([Buffer.alloc(3), Buffer.from('body')]));
    expect(step.kind).toBe('head');
    if (step.kind !== 'head') return;
    expect(step.head.status).toBe(201);
    expect(step.rest.toString()).toBe('body');
  });

  it('calls output without JSON metadata or without a delimiter in the limit malformed', () => {
    expect(new StreamPreludeReader().push(Buffer.concat([Buffer.from('not json'), Buffer.alloc(8)])).kind).toBe('malformed');
    expect(new StreamPreludeReader().push(Buffer.alloc(PRELUDE_LIMIT_BYTES + 16, 'a')).kind).toBe('malformed');
  });
});
