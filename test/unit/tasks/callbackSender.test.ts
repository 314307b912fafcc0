import { describe, expect, it } from 'vitest';
import { CallbackSender } from '../../../src/tasks/callbackSender.js';
import { CallbackUrlPolicy } from '../../../src/tasks/callbackUrlPolicy.js';

const policy = new CallbackUrlPolicy([], async () => [{ address: '93.184.216.34' }]);
const payload = { task_id: 't-1', status: 'succeeded' as const, result: 'done' };

function scriptedFetch(answers: (number | Error)[]) {
  const calls: { url: string; body: string }[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    calls.push({ url: url.toString(), body: String(init.body) });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (answer instanceof Error) throw answer;
    return new Response(null, { status: answer });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('CallbackSender', () => {
  it('POSTs the payload once when the receiver answers 2xx', async () => {
    const { fetch, calls } = scriptedFetch([204]);
    const sender = new CallbackSender({ policy, timeoutMs: 1000, maxAttempts: 3, baseDelayMs: 1, fetch });

    const outcome = await sender.send('https://hooks.example.com/h', payload);

    expect(outcome).toEqual({ delivered: true, attempts: 1 });
    expect(calls).toEqual([{ url: 'https://hooks.example.com/h', body: JSON.stringify(payload) }]);
  });

  it('retries network errors and 5xx, then gives up without throwing', async () => {
    const { fetch, calls } = scriptedFetch([new TypeError('fetch failed'), 503, 500]);
    const sender = new CallbackSender({ policy, timeoutMs: 1000, maxAttempts: 3, baseDelayMs: 1, fetch });

    const outcome = await sender.send('https://hooks.example.com/h', payload);

    expect(outcome).toMatchObject({ delivered: false, attempts: 3, reason: 'callback answered 500' });
    expect(calls).toHaveLength(3);
  });

  it('does not retry a 4xx other than 429', async () => {
    const { fetch, calls } = scriptedFetch([404]);
    const sender = new CallbackSender({ policy, timeoutMs: 1000, maxAttempts: 3, baseDelayMs: 1, fetch });

    expect(await sender.send('https://hooks.example.com/h', payload)).toMatchObject({ delivered: false, attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  it('sends nothing to a URL the policy refuses', async () => {
    const { fetch, calls } = scriptedFetch([204]);
    const sender = new CallbackSender({ policy, timeoutMs: 1000, maxAttempts: 3, fetch });

    const outcome = await sender.send('https://169.254.169.254/', payload);

    expect(outcome.delivered).toBe(false);
    expect(calls).toEqual([]);
  });
});
