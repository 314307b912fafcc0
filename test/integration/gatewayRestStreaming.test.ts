/**
 * REST API response streaming (`responseTransferMode: STREAM`) and per-user usage identities
 * (`ApiKeySourceType: AUTHORIZER`), over real sockets with the real runtime.
 */
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../local/gateway/index.js';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../local/runtime/index.js';
import type { ApiDef, RouteDef, TemplateModel } from '../../local/template/model.js';
import { emptyModel, fixtureFunction } from '../fixtures/gateway/gatewayModel.js';
import { SignalServer } from '../fixtures/gateway/SignalServer.js';

function route(apiLogicalId: string, functionLogicalId: string, path: string, extra: Partial<RouteDef> = {}): RouteDef {
  return { apiLogicalId, functionLogicalId, method: 'GET', path, apiKeyRequired: false, payloadFormatVersion: '1.0', eventId: path, ...extra };
}

function buildModel(signals: SignalServer): TemplateModel {
  const streamApi: ApiDef = {
    logicalId: 'StreamApi',
    kind: 'REST',
    stage: 'Prod',
    apiId: 'streamapi1',
    apiKeyRequired: false,
    authorizers: [{ name: 'TokenAuth', type: 'TOKEN', functionLogicalId: 'Auth', identitySources: [], resultTtlInSeconds: 300 }],
    binaryMediaTypes: [],
    stageVariables: {},
  };
  const perUserApi: ApiDef = {
    logicalId: 'PerUserApi',
    kind: 'REST',
    stage: 'Prod',
    apiId: 'peruser001',
    apiKeyRequired: true,
    authorizers: [{ name: 'KeyAuth', type: 'TOKEN', functionLogicalId: 'KeyAuth', identitySources: [], resultTtlInSeconds: 300 }],
    binaryMediaTypes: [],
    stageVariables: {},
    usagePlan: { quota: { limit: 2, period: 'DAY' } },
    apiKeySource: 'AUTHORIZER',
  };
  const stream = { responseTransferMode: 'STREAM' as const };
  return {
    ...emptyModel(),
    functions: [
      fixtureFunction('Gated', 'restStreamWithGate', { environment: { COUNT_URL: signals.countUrl('gated') } }),
      fixtureFunction('RawPrelude', 'restStreamRawPrelude'),
      fixtureFunction('NoPrelude', 'restStreamNoPrelude'),
      fixtureFunction('Buffered', 'hello'),
      fixtureFunction('StreamThrows', 'restStreamThrows'),
      fixtureFunction('Auth', 'authorizer', { environment: { COUNT_URL: signals.countUrl('auth') } }),
      fixtureFunction('KeyAuth', 'usageKeyAuthorizer'),
      fixtureFunction('Echo', 'echo'),
      fixtureFunction('LateMetadata', 'restStreamLateMetadata'),
      fixtureFunction('UntilAborted', 'restStreamUntilAborted'),
    ],
    apis: [streamApi, perUserApi],
    routes: [
      route('StreamApi', 'Gated', '/stream', stream),
      route('StreamApi', 'Gated', '/secure-stream', { ...stream, authorizer: 'TokenAuth' }),
      route('StreamApi', 'RawPrelude', '/raw', stream),
      route('StreamApi', 'NoPrelude', '/no-prelude', stream),
      route('StreamApi', 'Buffered', '/buffered', stream),
      route('StreamApi', 'StreamThrows', '/throws', stream),
      route('PerUserApi', 'Echo', '/mine', { apiKeyRequired: true, authorizer: 'KeyAuth' }),
      route('StreamApi', 'LateMetadata', '/late', stream),
      route('StreamApi', 'UntilAborted', '/until-aborted', stream),
    ],
  };
}

/** Reads `body` until `text` has arrived (or the stream ends); returns all text read. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string, seen = ''): Promise<string> {
  const decoder = new TextDecoder();
  let received = seen;
  while (!received.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    received += decoder.decode(value, { stream: true });
  }
  return received;
}

describe('REST API response streaming and per-user usage identities', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;
  let gateway: RunningGateway;
  /** Gateways over the same runtime with one short limit each; their handlers wait at gates that never open, so the timers decide, not timing. */
  let shortIdle: RunningGateway;
  let shortIntegration: RunningGateway;
  let api: string;
  const signals = new SignalServer();
  const logLines: string[] = [];

  beforeAll(async () => {
    await signals.listen();
    buildDir = await mkdtemp(join(tmpdir(), 'gateway-rest-stream-'));
    const model = buildModel(signals);
    runtime = await createLambdaRuntime(model, { buildDir, log: () => {} });
    // The user keys the "usage plan" holds; `key-of-mallory` is not one of them.
    const apiKeys = ['alice', 'bob', 'carol'].map((user) => ({ id: `id-${user}`, value: `key-of-${user}` }));
    gateway = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys, log: (line) => logLines.push(line) });
    const log = (line: string): number => logLines.push(line);
    shortIdle = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys, restStreamIdleTimeoutMs: 300, log });
    shortIntegration = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys, restIntegrationTimeoutMs: 300, log });
    api = gateway.apiUrl;
  });

  afterAll(async () => {
    for (const gate of ['rest-never', 'rest-late']) signals.open(gate);
    await gateway?.close();
    await shortIdle?.close();
    await shortIntegration?.close();
    await runtime?.close();
    await signals.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  describe('responseTransferMode STREAM', () => {
    it('sends the metadata as status and headers and the first bytes before the handler ends, chunked', async () => {
      const res = await fetch(`${api}/stream?gate=${encodeURIComponent(signals.gateUrl('rest-1'))}`);
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      expect(res.headers.get('x-mv')).toBe('a, b');
      expect(res.headers.get('set-cookie')).toBe('c1=blue');
      expect(res.headers.get('x-amzn-requestid')).toBeTruthy();
      const reader = res.body!.getReader();
      const first = await readUntil(reader, 'data: one\n\n');
      // The handler waits at the gate: this text left before it ended.
      expect(first).toBe('data: one\n\n');
      signals.open('rest-1');
      expect(await readUntil(reader, '\u0000never', first)).toBe('data: one\n\ndata: two\n\n');
    });

    it('accepts a prelude the handler writes itself (JSON, 8 NUL bytes, body)', async () => {
      const res = await fetch(`${api}/raw`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(await res.text()).toBe('raw body');
    });

    it('502 Internal server error for output without metadata, a buffered handler, or a handler that throws', async () => {
      for (const path of ['/no-prelude', '/buffered', '/throws']) {
        const res = await fetch(`${api}${path}`);
        expect(res.status, path).toBe(502);
        expect(await res.json()).toEqual({ message: 'Internal server error' });
        expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      }
    });

    it('runs the authorizer first: no token → 401 and the function is never invoked', async () => {
      const before = signals.count('gated');
      const res = await fetch(`${api}/secure-stream?gate=${encodeURIComponent(signals.gateUrl('rest-2'))}`);
      expect(res.status).toBe(401);
      expect((await fetch(`${api}/secure-stream`, { headers: { authorization: 'Bearer deny' } })).status).toBe(403);
      expect(signals.count('gated')).toBe(before);
      signals.open('rest-2');
      const allowed = await fetch(`${api}/secure-stream?gate=${encodeURIComponent(signals.gateUrl('rest-2'))}`, { headers: { authorization: 'Bearer allow' } });
      expect(allowed.status).toBe(201);
      expect(allowed.headers.get('x-user')).toBe('user-allow');
      expect(await allowed.text()).toBe('data: one\n\ndata: two\n\n');
      expect(signals.count('gated')).toBe(before + 1);
    });

    it('cuts a stream that stays idle past the idle timeout (no terminating chunk)', async () => {
      const res = await fetch(`${shortIdle.apiUrl}/stream?gate=${encodeURIComponent(signals.gateUrl('rest-never'))}`);
      expect(res.status).toBe(201);
      const reader = res.body!.getReader();
      await readUntil(reader, 'data: one\n\n');
      await expect(readUntil(reader, '\u0000never')).rejects.toThrow();
      expect(logLines.some((line) => line.includes('stream idle'))).toBe(true);
    });

    it('504 Endpoint request timed out when no metadata comes within the integration timeout', async () => {
      const res = await fetch(`${shortIntegration.apiUrl}/late?gate=${encodeURIComponent(signals.gateUrl('rest-late'))}`);
      expect(res.status).toBe(504);
      expect(await res.json()).toEqual({ message: 'Endpoint request timed out' });
    });

    it('a client that goes away ends the function\'s response stream', async () => {
      const report = signals.report('rest-abort');
      const url = new URL(`${api}/until-aborted?report=${encodeURIComponent(report.url)}`);
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(url, { method: 'GET' }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
        req.end();
      });
      expect((await report.received).get('destroyed')).toBe('true');
    });
  });

  describe('ApiKeySourceType AUTHORIZER', () => {
    const mine = (user: string) => fetch(`${api}/mine`, { headers: { authorization: `Bearer ${user}`, 'x-api-key': 'key-of-bob' } });

    it('meters each user on the key the authorizer names: one exhausting the quota leaves the other served', async () => {
      const first = await mine('alice');
      expect(first.status).toBe(200);
      expect((await mine('alice')).status).toBe(200);
      const over = await mine('alice');
      expect(over.status).toBe(429);
      expect(await over.json()).toEqual({ message: 'Limit Exceeded' });
      // Alice's x-api-key header names Bob's key: ignored, so Bob's quota is untouched.
      expect((await mine('bob')).status).toBe(200);
      expect((await mine('bob')).status).toBe(200);
    });

    it('403 Forbidden when the authorizer names a key the usage plan does not hold', async () => {
      const res = await mine('mallory');
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: 'Forbidden' });
    });

    it('puts the user key in the event identity', async () => {
      const res = await fetch(`${api}/mine`, { headers: { authorization: 'Bearer carol' } });
      expect(res.status).toBe(200);
      const event = (await res.json()) as { requestContext: { identity: { apiKey: string; apiKeyId: string } } };
      expect(event.requestContext.identity).toMatchObject({ apiKey: 'key-of-carol', apiKeyId: 'id-carol' });
    });
  });
});
