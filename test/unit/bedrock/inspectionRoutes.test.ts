import { describe, expect, it } from 'vitest';
import { buildBedrockApp } from '../../../local/bedrock/index.js';

const SIGNED = { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };

describe('inspection API', () => {
  it('records invocations with usage and cost, and resets', async () => {
    const { app } = buildBedrockApp();
    const answered = await app.inject({
      method: 'POST',
      url: '/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse',
      headers: SIGNED,
      payload: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'count me' }] }], toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: {} } } }] } }),
    });
    expect(answered.statusCode).toBe(200);
    const listed = (await app.inject({ method: 'GET', url: '/_fake/invocations' })).json() as { invocations: Array<Record<string, unknown>> };
    expect(listed.invocations).toHaveLength(1);
    expect(listed.invocations[0]).toMatchObject({
      operation: 'Converse', modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', status: 'ok', tools: ['t'], responder: 'deterministic',
      usage: { inputTokens: expect.any(Number) }, estimatedCostUsd: expect.any(Number), stopReason: 'end_turn',
    });
    expect((await app.inject({ method: 'POST', url: '/_fake/reset' })).statusCode).toBe(200);
    expect(((await app.inject({ method: 'GET', url: '/_fake/invocations' })).json() as { invocations: unknown[] }).invocations).toEqual([]);
    await app.close();
  });

  it('sets faults and pace at run time', async () => {
    const { app } = buildBedrockApp();
    await app.inject({ method: 'POST', url: '/_fake/faults', payload: JSON.stringify({ fault: 'throttling', times: 1 }) });
    const throttled = await app.inject({ method: 'POST', url: '/model/amazon.nova-lite-v1%3A0/converse', headers: SIGNED, payload: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'x' }] }] }) });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.headers['x-amzn-errortype']).toMatch(/^ThrottlingException/);
    expect((await app.inject({ method: 'PUT', url: '/_fake/pace', payload: JSON.stringify({ tokensPerSecond: 50 }) })).json()).toEqual({ firstTokenDelayMs: 0, tokensPerSecond: 50 });
    expect((await app.inject({ method: 'POST', url: '/_fake/faults', payload: '{"nope":1}' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/model/x/unknown-op', headers: SIGNED })).headers['x-amzn-errortype']).toMatch(/^UnknownOperationException/);
    await app.close();
  });

  it('answers 400, not 500, to a fault body that is null or not an object', async () => {
    const { app } = buildBedrockApp();
    for (const payload of ['null', '5', '"throttling"', '[null]', '{"faults":[{"fault":1}]}']) {
      const answered = await app.inject({ method: 'POST', url: '/_fake/faults', payload });
      expect(answered.statusCode, payload).toBe(400);
      expect(answered.json(), payload).toEqual({ error: 'each fault needs a "fault" kind' });
    }
    expect((await app.inject({ method: 'GET', url: '/_fake/faults' })).json()).toEqual({ faults: [] });
    await app.close();
  });
});
