/**
 * Gateway benchmark: requests/s and p50/p99 latency of a trivial handler through the full gateway
 * path (API key, cached TOKEN authorizer, v1 event building, worker-thread hop, access logging)
 * against a bare Fastify route returning the same body; then streaming time-to-first-byte through
 * a RESPONSE_STREAM Function URL against a bare Fastify route that streams the same first chunk.
 *
 * Load: 10 keep-alive connections, each a loop of sequential requests, run in a worker thread
 * (its own event loop) for a few seconds per round; rounds alternate between the two targets.
 *
 *     npx tsx bench/gateway.ts [--seconds 4] [--rounds 2]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { request as httpRequest } from 'node:http';
import Fastify from 'fastify';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { startBedrockServer } from '../local/bedrock/index.js';
import { startGateway } from '../local/gateway/index.js';
import { createLambdaRuntime } from '../local/runtime/index.js';
import type { TemplateModel } from '../local/template/model.js';
import { emptyModel, fixtureFunction } from '../test/fixtures/gateway/gatewayModel.js';
import { SignalServer } from '../test/fixtures/gateway/SignalServer.js';

const args = process.argv.slice(2);
const argValue = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const SECONDS = argValue('seconds', 4);
const ROUNDS = argValue('rounds', 2);
const CONNECTIONS = 10;
const BODY = '{"message":"hello"}';
const API_KEY = { id: 'bench-key', value: 'bench-key-value' };

interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** The load generator, run in a worker thread: CONNECTIONS loops of keep-alive GETs. */
const LOAD_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, headers, connections, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
let errors = 0;
function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
}
async function loop(deadline) { while (performance.now() < deadline) await once(); }
(async () => {
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(Array.from({ length: connections }, () => loop(deadline)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors, seconds, p50: q(0.5), p99: q(0.99) });
})();
`;

function runLoad(url: string, headers: Record<string, string>, durationMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_SCRIPT, { eval: true, workerData: { url, headers, connections: CONNECTIONS, durationMs } });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

/** Milliseconds from sending a request to the first body byte. */
function timeToFirstByte(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method: 'POST', agent: false }, (res) => {
      res.once('data', () => {
        const ms = performance.now() - started;
        res.destroy();
        resolve(ms);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const FIRST_TOKEN_DELAY_MS = 20;

/** Milliseconds from sending ConverseStream straight to the fake Bedrock to its first text delta. */
async function directFirstDelta(client: BedrockRuntimeClient): Promise<number> {
  const started = performance.now();
  const answer = await client.send(
    new ConverseStreamCommand({ modelId: 'anthropic.claude-3-haiku-20240307-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
  );
  let ms = NaN;
  for await (const event of answer.stream ?? []) {
    if (Number.isNaN(ms) && event.contentBlockDelta?.delta?.text) ms = performance.now() - started;
  }
  return ms;
}

function benchModel(signals: SignalServer, bedrockEnv: Record<string, string>): TemplateModel {
  return {
    ...emptyModel(),
    functions: [
      fixtureFunction('Hello', 'hello'),
      fixtureFunction('Auth', 'authorizer', { environment: { COUNT_URL: signals.countUrl('auth') } }),
      fixtureFunction('StreamNow', 'streamNow'),
      fixtureFunction('StreamBedrock', 'streamBedrock', { environment: bedrockEnv, timeout: 30 }),
    ],
    apis: [
      {
        logicalId: 'Api',
        kind: 'REST',
        stage: 'Prod',
        apiId: 'benchapi01',
        apiKeyRequired: true,
        authorizers: [{ name: 'TokenAuth', type: 'TOKEN', functionLogicalId: 'Auth', identitySources: [], resultTtlInSeconds: 300 }],
        binaryMediaTypes: [],
        stageVariables: {},
      },
    ],
    routes: [{ apiLogicalId: 'Api', functionLogicalId: 'Hello', method: 'GET', path: '/hello', apiKeyRequired: true, authorizer: 'TokenAuth', payloadFormatVersion: '1.0', eventId: 'Hello' }],
    functionUrls: [
      { functionLogicalId: 'StreamNow', invokeMode: 'RESPONSE_STREAM', authType: 'NONE' },
      { functionLogicalId: 'StreamBedrock', invokeMode: 'RESPONSE_STREAM', authType: 'NONE' },
    ],
  };
}

async function main(): Promise<void> {
  const signals = new SignalServer();
  await signals.listen();
  const buildDir = await mkdtemp(join(tmpdir(), 'gateway-bench-'));
  const bedrock = await startBedrockServer({ port: 0, firstTokenDelayMs: FIRST_TOKEN_DELAY_MS, tokensPerSecond: 0 });
  const bedrockEnv = { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  const model = benchModel(signals, bedrockEnv);
  const runtime = await createLambdaRuntime(model, { buildDir, log: () => {} });
  let accessLines = 0;
  const gateway = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [API_KEY], log: () => accessLines++ });

  const bare = Fastify({ logger: false });
  bare.get('/hello', async (_request, reply) => reply.header('content-type', 'application/json').send(BODY));
  bare.post('/stream', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    reply.raw.write('data: {"text":"hi"}\n\n');
    reply.raw.end('data: [DONE]\n\n');
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

  const gatewayUrl = `${gateway.apiUrl}/hello`;
  const gatewayHeaders = { 'x-api-key': API_KEY.value, authorization: 'Bearer allow' };
  const check = await fetch(gatewayUrl, { headers: gatewayHeaders });
  if (check.status !== 200 || (await check.text()) !== BODY) throw new Error(`gateway route answered ${check.status}`);

  // Warm-up: JIT, worker pool, authorizer cache.
  await runLoad(`${bareUrl}/hello`, {}, 1000);
  await runLoad(gatewayUrl, gatewayHeaders, 1000);

  const results: Record<'bare' | 'gateway', LoadResult[]> = { bare: [], gateway: [] };
  for (let round = 0; round < ROUNDS; round++) {
    results.bare.push(await runLoad(`${bareUrl}/hello`, {}, SECONDS * 1000));
    results.gateway.push(await runLoad(gatewayUrl, gatewayHeaders, SECONDS * 1000));
  }
  const summarise = (list: LoadResult[]) => {
    const requests = list.reduce((s, r) => s + r.requests, 0);
    const seconds = list.reduce((s, r) => s + r.seconds, 0);
    return {
      rps: requests / seconds,
      p50: list.reduce((s, r) => s + r.p50, 0) / list.length,
      p99: Math.max(...list.map((r) => r.p99)),
      errors: list.reduce((s, r) => s + r.errors, 0),
    };
  };
  const b = summarise(results.bare);
  const g = summarise(results.gateway);

  // Streaming TTFB: sequential requests, fresh connection each (as a browser's first request).
  const ttfb = { bare: [] as number[], gateway: [] as number[] };
  const streamUrl = gateway.functionUrls.StreamNow;
  for (let i = 0; i < 20; i++) {
    await timeToFirstByte(`${bareUrl}/stream`);
    await timeToFirstByte(streamUrl);
  }
  for (let i = 0; i < 200; i++) {
    ttfb.bare.push(await timeToFirstByte(`${bareUrl}/stream`));
    ttfb.gateway.push(await timeToFirstByte(streamUrl));
  }
  ttfb.bare.sort((x, y) => x - y);
  ttfb.gateway.sort((x, y) => x - y);

  // Through a Function URL to the fake Bedrock vs. the SDK straight to the fake Bedrock.
  const direct = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const bedrockTtfb = { direct: [] as number[], gateway: [] as number[] };
  for (let i = 0; i < 5; i++) {
    await directFirstDelta(direct);
    await timeToFirstByte(gateway.functionUrls.StreamBedrock);
  }
  for (let i = 0; i < 50; i++) {
    bedrockTtfb.direct.push(await directFirstDelta(direct));
    bedrockTtfb.gateway.push(await timeToFirstByte(gateway.functionUrls.StreamBedrock));
  }
  bedrockTtfb.direct.sort((x, y) => x - y);
  bedrockTtfb.gateway.sort((x, y) => x - y);
  direct.destroy();

  const fmt = (n: number, digits = 2) => n.toFixed(digits).padStart(10);
  console.log(`\nGateway throughput: ${CONNECTIONS} keep-alive connections, ${ROUNDS} × ${SECONDS}s per target, load generator in a worker thread\n`);
  console.log(`${'target'.padEnd(52)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(10)}${'ratio'.padStart(10)}`);
  console.log(`${'bare Fastify route'.padEnd(52)}${fmt(b.rps, 0)}${fmt(b.p50)}${fmt(b.p99)}${String(b.errors).padStart(10)}${fmt(1)}`);
  console.log(
    `${'gateway: key + cached authorizer + event + worker + log'.padEnd(52)}${fmt(g.rps, 0)}${fmt(g.p50)}${fmt(g.p99)}${String(g.errors).padStart(10)}${fmt(g.rps / b.rps)}`,
  );
  console.log(`\n(target: ratio ≥ 0.80, gateway p99 < 5 ms; authorizer invoked ${signals.count('auth')}×, ${accessLines} access-log lines)\n`);
  console.log('Streaming time to first byte (200 sequential requests, new connection each)\n');
  console.log(`${'target'.padEnd(52)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`);
  console.log(`${'bare Fastify streaming route'.padEnd(52)}${fmt(percentile(ttfb.bare, 0.5))}${fmt(percentile(ttfb.bare, 0.99))}`);
  console.log(`${'Function URL (RESPONSE_STREAM) + worker'.padEnd(52)}${fmt(percentile(ttfb.gateway, 0.5))}${fmt(percentile(ttfb.gateway, 0.99))}`);
  console.log(
    `${'overhead (gateway − bare)'.padEnd(52)}${fmt(percentile(ttfb.gateway, 0.5) - percentile(ttfb.bare, 0.5))}${fmt(percentile(ttfb.gateway, 0.99) - percentile(ttfb.bare, 0.99))}`,
  );
  console.log(`\nStreaming chat to the fake Bedrock (first-token delay ${FIRST_TOKEN_DELAY_MS} ms, 50 sequential requests)\n`);
  console.log(`${'target'.padEnd(52)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`);
  console.log(`${'SDK ConverseStream → first delta (direct)'.padEnd(52)}${fmt(percentile(bedrockTtfb.direct, 0.5))}${fmt(percentile(bedrockTtfb.direct, 0.99))}`);
  console.log(`${'Function URL → handler → ConverseStream → first byte'.padEnd(52)}${fmt(percentile(bedrockTtfb.gateway, 0.5))}${fmt(percentile(bedrockTtfb.gateway, 0.99))}`);
  console.log(
    `${'overhead (gateway − direct)'.padEnd(52)}${fmt(percentile(bedrockTtfb.gateway, 0.5) - percentile(bedrockTtfb.direct, 0.5))}${fmt(percentile(bedrockTtfb.gateway, 0.99) - percentile(bedrockTtfb.direct, 0.99))}`,
  );
  console.log('\n(target: streaming overhead to first byte < 2 ms)\n');

  await bare.close();
  await gateway.close();
  await runtime.close();
  await signals.close();
  await bedrock.close();
  await rm(buildDir, { recursive: true, force: true });
}

await main();
