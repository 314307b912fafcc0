/**
 * The application's streaming chat behind the REST API, on an embedded stack of `template.yaml`:
 * API Gateway's authorizer, API key and usage plan stop bad requests before StreamFunction runs, and
 * each user is metered on their own API key (`ApiKeySourceType: AUTHORIZER`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

const QUOTA = 3;
let stack: RunningStack;
const lines: string[] = [];

/**
 * StreamFunction invocations so far: each one logs (with its function name) exactly one line for the
 * requests these tests send — `Stream request refused`, whether it refuses the body or the caller.
 */
function streamInvocations(): number {
  return lines.filter((line) => line.includes('"function_name":"local-StreamFunction"') && line.includes('Stream request refused')).length;
}

function streamChat(token: string | undefined, body: unknown = { message: '' }): Promise<Response> {
  return fetch(`${stack.endpoints.api}/chat/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  stack = await startEmbeddedStack({
    parameterOverrides: { ApiQuotaPerDay: String(QUOTA), ApiThrottleRateLimit: '10000', ApiThrottleBurstLimit: '10000' },
    log: (line) => lines.push(line),
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('streaming chat behind the REST API', () => {
  it('does not invoke StreamFunction for unauthenticated requests', async () => {
    // Prepare: one real call, so that a START line proves the count is read.
    const ok = await streamChat(stack.endpoints.token);
    expect(ok.status).toBe(400);
    await ok.text();
    const before = streamInvocations();
    expect(before).toBeGreaterThan(0);
    // Act
    const answers = [];
    for (const token of [undefined, '', 'not-a-jwt', await stack.signToken('dev-user', -3600)]) {
      const res = await streamChat(token, { message: 'hi' });
      answers.push(res.status);
      await res.text();
    }
    // Assess
    expect(answers).toEqual([401, 401, 403, 403]);
    expect(streamInvocations()).toBe(before);
  });

  it('meters each user on their own key: one user exhausting the quota leaves another served', async () => {
    const alice = (await stack.signToken('alice'))!;
    const bob = (await stack.signToken('bob'))!;
    for (let i = 0; i < QUOTA; i++) expect((await streamChat(alice)).status).toBe(400);
    const over = await streamChat(alice);
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ message: 'Limit Exceeded' });
    const invoked = streamInvocations();
    // Alice's refused request did not reach the function; Bob still has his whole quota.
    expect((await streamChat(bob)).status).toBe(400);
    expect(streamInvocations()).toBe(invoked + 1);
  });

  it('answers 403 Forbidden for a token whose usage key the usage plan does not hold', async () => {
    const settings = stack.model.functions.find((f) => f.logicalId === 'AuthorizerFunction')!.environment;
    const { signDevToken } = await import('../../local/auth/devToken.js');
    const forged = await signDevToken(settings.AUTH_JWT_SECRET, {
      sub: 'mallory',
      issuer: settings.AUTH_ISSUER,
      audience: settings.AUTH_AUDIENCE,
      extraClaims: { usage_key: 'a-key-nobody-created-000000' },
    });
    const unkeyed = await signDevToken(settings.AUTH_JWT_SECRET, { sub: 'mallory', issuer: settings.AUTH_ISSUER, audience: settings.AUTH_AUDIENCE });
    for (const token of [forged, unkeyed]) {
      const res = await streamChat(token);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: 'Forbidden' });
    }
  });
});
