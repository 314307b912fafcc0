/**
 * The callback sender over real sockets: a receiver on 127.0.0.1 stands for the client's endpoint,
 * reached through a name the policy allow-lists; names are answered by a `dns.lookup`-compatible
 * resolver (a table of answers, consumed in order), so a test can change the answer between calls
 * as a rebinding attacker would.
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackSender } from '../../src/tasks/callbackSender.js';
import { CallbackUrlPolicy, type AddressLookup } from '../../src/tasks/callbackUrlPolicy.js';

const payload = { task_id: 't-1', status: 'succeeded' as const, result: 'done' };

/** A resolver answering each name from a list, one answer per call (the last repeats). */
function tableResolver(answers: Record<string, string[][]>): { lookup: AddressLookup; calls: string[] } {
  const calls: string[] = [];
  const lookup: AddressLookup = (hostname, _options, callback) => {
    calls.push(hostname);
    const list = answers[hostname];
    if (!list) {
      setImmediate(() => callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []));
      return;
    }
    const answer = list[Math.min(calls.filter((name) => name === hostname).length - 1, list.length - 1)]!;
    const addresses: LookupAddress[] = answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    setImmediate(() => callback(null, addresses));
  };
  return { lookup, calls };
}

let receiver: Server | undefined;
afterEach(() => receiver?.close());

/** A receiver on 127.0.0.1 answering the statuses in turn; resolves with its port and what it got. */
async function listen(statuses: number[]): Promise<{ port: number; received: { url: string; body: string }[] }> {
  const received: { url: string; body: string }[] = [];
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ url: request.url ?? '', body });
      response.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  return { port: (receiver.address() as AddressInfo).port, received };
}

describe('CallbackSender', () => {
  it('POSTs once to the address it checked, resolving the name only once', async () => {
    // Prepare: the second answer would point elsewhere (an unroutable documentation address)
    const { port, received } = await listen([204]);
    const { lookup, calls } = tableResolver({ 'hooks.test': [['127.0.0.1'], ['203.0.113.7']] });
    const sender = new CallbackSender({ policy: new CallbackUrlPolicy(['hooks.test'], { lookup }), timeoutMs: 2000, maxAttempts: 3, baseDelayMs: 1 });
    // Act
    const outcome = await sender.send(`http://hooks.test:${port}/h?x=1`, payload);
    // Assess
    expect(outcome).toEqual({ delivered: true, attempts: 1 });
    expect(received).toEqual([{ url: '/h?x=1', body: JSON.stringify(payload) }]);
    expect(calls).toEqual(['hooks.test']);
  });

  it('retries 5xx on the same pinned address, then gives up without throwing', async () => {
    const { port, received } = await listen([503, 500, 500]);
    const { lookup, calls } = tableResolver({ 'hooks.test': [['127.0.0.1'], ['203.0.113.7']] });
    const sender = new CallbackSender({ policy: new CallbackUrlPolicy(['hooks.test'], { lookup }), timeoutMs: 2000, maxAttempts: 3, baseDelayMs: 1 });

    const outcome = await sender.send(`http://hooks.test:${port}/h`, payload);

    expect(outcome).toEqual({ delivered: false, attempts: 3, reason: 'callback answered 500' });
    expect(received).toHaveLength(3);
    expect(calls).toEqual(['hooks.test']);
  });

  it('does not retry a 4xx other than 429', async () => {
    const { port, received } = await listen([404]);
    const { lookup } = tableResolver({ 'hooks.test': [['127.0.0.1']] });
    const sender = new CallbackSender({ policy: new CallbackUrlPolicy(['hooks.test'], { lookup }), timeoutMs: 2000, maxAttempts: 3, baseDelayMs: 1 });

    expect(await sender.send(`http://hooks.test:${port}/h`, payload)).toMatchObject({ delivered: false, attempts: 1 });
    expect(received).toHaveLength(1);
  });

  it('sends nothing when a name that is not allow-listed resolves to a private address', async () => {
    const { port, received } = await listen([204]);
    const { lookup } = tableResolver({ 'rebind.example.com': [['93.184.216.34', '127.0.0.1']] });
    const sender = new CallbackSender({ policy: new CallbackUrlPolicy([`127.0.0.1`], { lookup }), timeoutMs: 2000, maxAttempts: 3, baseDelayMs: 1 });

    const outcome = await sender.send(`https://rebind.example.com:${port}/h`, payload);

    expect(outcome).toEqual({ delivered: false, attempts: 0, reason: 'callback host rebind.example.com resolves to a private, loopback or link-local address' });
    expect(received).toEqual([]);
  });

  it('gives up a lookup that does not answer in time', async () => {
    const silent: AddressLookup = () => undefined;
    const sender = new CallbackSender({ policy: new CallbackUrlPolicy([], { lookup: silent, lookupTimeoutMs: 50 }), timeoutMs: 2000, maxAttempts: 3 });

    expect(await sender.send('https://slow-dns.example.com/h', payload)).toEqual({ delivered: false, attempts: 0, reason: 'callback host lookup timed out after 50 ms' });
  });

  it.each(['https://169.254.169.254/', 'https://[::ffff:a9fe:a9fe]/', 'https://[64:ff9b::10.0.0.1]/', 'https://[2002:7f00:1::]/'])('sends nothing to %s', async (url) => {
    const { lookup, calls } = tableResolver({});
    const sender = new CallbackSender({ policy: new CallbackUrlPolicy([], { lookup }), timeoutMs: 2000, maxAttempts: 3 });

    expect((await sender.send(url, payload)).delivered).toBe(false);
    expect(calls).toEqual([]);
  });
});
