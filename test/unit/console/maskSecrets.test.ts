import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from '../../../local/console/maskSecrets.js';

describe('maskSecrets', () => {
  it('masks authorization headers, API keys, tokens and cookies of an API Gateway event, keeping the rest', () => {
    const event = {
      headers: { Authorization: 'Bearer abc.def.ghi', 'x-api-key': 'local-key-123', 'content-type': 'application/json', Cookie: 'session=1' },
      multiValueHeaders: { Authorization: ['Bearer abc'], Accept: ['*/*'] },
      requestContext: { identity: { apiKey: 'local-key-123', sourceIp: '127.0.0.1' } },
      authorizationToken: 'Bearer xyz',
      usageIdentifierKey: 'lk123',
      body: '{"message":"hi","password":"hunter2"}',
    };
    const masked = maskSecrets(event) as typeof event;
    expect(masked.headers).toEqual({ Authorization: MASK, 'x-api-key': MASK, 'content-type': 'application/json', Cookie: MASK });
    expect(masked.multiValueHeaders).toEqual({ Authorization: [MASK], Accept: ['*/*'] });
    expect(masked.requestContext.identity).toEqual({ apiKey: MASK, sourceIp: '127.0.0.1' });
    expect(masked.authorizationToken).toBe(MASK);
    expect(masked.usageIdentifierKey).toBe(MASK);
    expect(JSON.parse(masked.body)).toEqual({ message: 'hi', password: MASK });
    expect(event.headers.Authorization).toBe('Bearer abc.def.ghi');
  });

  it('masks bearer tokens and JWTs inside free text (log lines)', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZXYifQ.c2lnbmF0dXJl';
    expect(maskSecrets(`calling with Bearer ${jwt} now`)).toBe(`calling with Bearer ${MASK} now`);
    expect(maskSecrets(`token=${jwt}`)).toBe(`token=${MASK}`);
  });

  it('leaves token counts and pagination tokens alone', () => {
    const usage = { inputTokens: 12, outputTokens: 30, totalTokens: 42, maxTokens: 512, nextToken: 'page-2', stopReason: 'end_turn' };
    expect(maskSecrets(usage)).toEqual(usage);
  });
});
