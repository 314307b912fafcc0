/**
 * The gateway's time-driven state follows the stack clock: cached authorizer answers expire after
 * their TTL, usage-plan quotas reset with the next period and throttles refill, when the clock is advanced.
 */
import { describe, expect, it } from 'vitest';
import { StackClock } from '../../../local/clock/StackClock.js';
import { buildApiApp } from '../../../local/gateway/apiApp.js';
import { allowPolicy, apiDef, fakeRuntime, model, routeDef, tokenAuthorizer } from './gatewayTestModel.js';

const KEY = { id: 'key-id-1', value: 'local-key-value' };
const echo = (): unknown => ({ statusCode: 200, body: 'ok' });

describe('the gateway on the stack clock (inject)', () => {
  it("calls the authorizer again once the clock passes the cache's TTL", async () => {
    const clock = new StackClock();
    const runtime = fakeRuntime({ Fn: echo, Auth: () => allowPolicy('*') });
    const api = apiDef({ authorizers: [tokenAuthorizer({ resultTtlInSeconds: 300 })] });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ method: 'GET', path: '/hello', authorizer: 'TokenAuth' })] }), runtime, { apiKeys: [], now: () => clock.now() });
    const authCalls = () => runtime.calls.filter((call) => call.functionId === 'Auth').length;
    const get = () => app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'token-a' } });

    await get();
    await clock.advance('4m');
    await get();
    expect(authCalls()).toBe(1);
    await clock.advance('1m');
    expect((await get()).statusCode).toBe(200);
    expect(authCalls()).toBe(2);
  });

  it('answers requests again once the clock reaches the next quota day', async () => {
    const clock = new StackClock();
    const api = apiDef({ usagePlan: { quota: { limit: 2, period: 'DAY' } } });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ apiKeyRequired: true })] }), fakeRuntime({ Fn: echo }), { apiKeys: [KEY], now: () => clock.now() });
    const get = async () => (await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } })).statusCode;

    expect([await get(), await get(), await get()]).toEqual([200, 200, 429]);
    await clock.advance('1d');
    expect([await get(), await get(), await get()]).toEqual([200, 200, 429]);
  });

  it('refills the throttle bucket as the clock moves', async () => {
    const clock = new StackClock();
    const api = apiDef({ usagePlan: { throttle: { burstLimit: 1, rateLimit: 0.001 } } });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ apiKeyRequired: true })] }), fakeRuntime({ Fn: echo }), { apiKeys: [KEY], now: () => clock.now() });
    const get = async () => (await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } })).statusCode;

    expect([await get(), await get()]).toEqual([200, 429]);
    await clock.advance('1000s');
    expect(await get()).toBe(200);
  });
});
