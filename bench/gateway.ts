/**
 * Gateway benchmark: requests/s and p50/p99 latency of a trivial handler through the full gateway
 * path (API key, cached TOKEN authorizer, v1 event building, worker-thread hop, access logging)
 * against a bare Fastify route returning the same body; then streaming time-to-first-byte through
 * a RESPONSE_STREAM Function URL against a bare Fastify route that streams the same first chunk,
 * and through a Function URL whose handler calls the fake Bedrock's ConverseStream against the SDK
 * calling the fake directly.
 *
 * Load: 10 keep-alive connections, each a loop of sequential requests, run in a worker thread
 * (its own event loop). Rounds interleave the targets (the order rotates each round) and the
 * table shows medians over rounds, the ratio being the median of the per-round ratios, so that a
 * machine shared with other work skews both sides alike. The load average is printed with it.
 *
 * Two reference rows hand each request's event as JSON to a worker thread and back, with no gateway
 * logic: "one worker thread" queues every event on one thread (what a hop alone costs here);
 * "a thread per invocation" follows Lambda's model, as the runtime does: an invocation never waits
 * behind another, so 10 concurrent clients keep about 10 threads, each woken once per request.
 * The second is the bound for any runtime with Lambda's semantics on this machine.
 *
 * The fake Bedrock runs in its own process (as its container does), so that the direct SDK client
 * crosses a process boundary as the handler's does; a second pair of rows shows the fake in this
 * process's own event loop, which flatters the direct client (no thread wake-up between them).
 *
 * `--wrk` takes the load from `wrk` (`apt-get install wrk`) in its own process instead.
 *
 *     npx tsx bench/gateway.ts [--seconds 2] [--rounds 3] [--wrk]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request as httpRequest } from 'node:http';
import Fastify from 'fastify';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { startBedrockServer } from '../local/bedrock/index.js';
import { startGateway } from '../local/gateway/index.js';
import { createLambdaRuntime } from '../local/runtime/index.js';
import type { TemplateModel } from '../local/template/model.js';
import { emptyModel, fixtureFunction } from '../test/fixtures/gateway/gatewayModel.js';
import { SignalServer } from '../test/fixtures/gateway/SignalServer.js';
import { numberOption } from './lib/benchArgs.js';
import { describeLoadTool } from './lib/httpLoad.js';
import { median, percentile } from './lib/statistics.js';
import { roundRatios, runLoadRounds, summariseRounds, type LoadTarget } from './lib/loadRounds.js';
import { startWorkerReference } from './lib/workerReference.js';
import { cpuPerRequestMeter } from './lib/processCpu.js';

const SECONDS = numberOption('seconds', 2);
const ROUNDS = numberOption('rounds', 3);
const CONNECTIONS = 10;
const BODY = '{"message":"hello"}';
const API_KEY = { id: 'bench-key', value: 'bench-key-value' };
const FIRST_TOKEN_DELAY_MS = 20;

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

/** Milliseconds from sending ConverseStream straight to a fake Bedrock to its first text delta. */
async function directFirstDelta(client: BedrockRuntimeClient): Promise<number> {
  const started = performance.now();
  const answer = await client.send(
    new ConverseStreamCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
  );
  let ms = NaN;
  for await (const event of answer.stream ?? []) {
    if (Number.isNaN(ms) && event.contentBlockDelta?.delta?.text) ms = performance.now() - started;
  }
  return ms;
}

/** The fake Bedrock in its own process (`local/bedrock/main.ts`, as its container runs it). */
async function startBedrockProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const main = fileURLToPath(new URL('../local/bedrock/main.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, main], {
    env: { ...process.env, BEDROCK_PORT: '0', BEDROCK_FIRST_TOKEN_DELAY_MS: String(FIRST_TOKEN_DELAY_MS), BEDROCK_TOKENS_PER_SECOND: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`fake Bedrock process exited (${code})`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function benchModel(signals: SignalServer, bedrockEnv: Record<string, string>, localBedrockEnv: Record<string, string>): TemplateModel {
  return {
    ...emptyModel(),
    functions: [
      fixtureFunction('Hello', 'hello'),
      fixtureFunction('Auth', 'authorizer', { environment: { COUNT_URL: signals.countUrl('auth') } }),
      fixtureFunction('StreamNow', 'streamNow'),
      fixtureFunction('StreamBedrock', 'streamBedrock', { environment: bedrockEnv, timeout: 30 }),
      fixtureFunction('StreamLocalBedrock', 'streamBedrock', { environment: localBedrockEnv, timeout: 30 }),
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
      { functionLogicalId: 'StreamLocalBedrock', invokeMode: 'RESPONSE_STREAM', authType: 'NONE' },
    ],
  };
}

type Target = 'bare' | 'oneWorker' | 'workerPerInvocation' | 'gateway';

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const signals = new SignalServer();
  await signals.listen();
  const buildDir = await mkdtemp(join(tmpdir(), 'gateway-bench-'));
  const bedrockProcess = await startBedrockProcess();
  const localBedrock = await startBedrockServer({ port: 0, firstTokenDelayMs: FIRST_TOKEN_DELAY_MS, tokensPerSecond: 0 });
  const bedrockEnvFor = (url: string) => ({ AWS_ENDPOINT_URL_BEDROCK_RUNTIME: url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  const model = benchModel(signals, bedrockEnvFor(bedrockProcess.url), bedrockEnvFor(localBedrock.url));
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
  const oneWorker = await startWorkerReference('one', BODY);
  const workerPerInvocation = await startWorkerReference('perInvocation', BODY);

  const gatewayHeaders = { 'x-api-key': API_KEY.value, authorization: 'Bearer allow' };
  const targets: Record<Target, LoadTarget> = {
    bare: { url: `${bareUrl}/hello`, headers: {} },
    oneWorker: { url: `${oneWorker.url}/hello`, headers: {} },
    workerPerInvocation: { url: `${workerPerInvocation.url}/hello`, headers: {} },
    gateway: { url: `${gateway.apiUrl}/hello`, headers: gatewayHeaders },
  };
  const check = await fetch(targets.gateway.url, { headers: gatewayHeaders });
  if (check.status !== 200 || (await check.text()) !== BODY) throw new Error(`gateway route answered ${check.status}`);

  // Warm-up (JIT, worker pool, authorizer cache), then the interleaved rounds.
  const order: Target[] = ['bare', 'oneWorker', 'workerPerInvocation', 'gateway'];
  // CPU per request of this process, main thread and other threads (the functions' workers): less
  // sensitive to a busy machine than requests/s. The load generator runs elsewhere only with --wrk.
  const cpu = cpuPerRequestMeter(order);
  const results = await runLoadRounds(targets, order, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, aroundRun: cpu.aroundRun });
  const summarise = (name: Target) => summariseRounds(results[name], results.bare);

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

  // Through a Function URL to the fake Bedrock vs. the SDK straight to the fake Bedrock, interleaved.
  const bedrockTtfb = async (bedrockUrl: string, functionUrl: string, samples: number) => {
    const direct = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: bedrockUrl, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const times = { direct: [] as number[], gateway: [] as number[] };
    for (let i = 0; i < 5; i++) {
      await directFirstDelta(direct);
      await timeToFirstByte(functionUrl);
    }
    for (let i = 0; i < samples; i++) {
      times.direct.push(await directFirstDelta(direct));
      times.gateway.push(await timeToFirstByte(functionUrl));
    }
    direct.destroy();
    times.direct.sort((x, y) => x - y);
    times.gateway.sort((x, y) => x - y);
    return times;
  };
  const remote = await bedrockTtfb(bedrockProcess.url, gateway.functionUrls.StreamBedrock, 50);
  const local = await bedrockTtfb(localBedrock.url, gateway.functionUrls.StreamLocalBedrock, 30);
  const loadAfter = loadavg();

  const b = summarise('bare');
  const w = summarise('oneWorker');
  const p = summarise('workerPerInvocation');
  const g = summarise('gateway');
  const toLambdaModel = median(roundRatios(results.gateway, results.workerPerInvocation));
  const fmt = (n: number, digits = 2) => n.toFixed(digits).padStart(10);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nGateway throughput: ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds × ${SECONDS}s per target, load from ${describeLoadTool()}`);
  console.log(`load average ${load(loadBefore)} before, ${load(loadAfter)} after; medians over rounds, ratio = median of per-round ratios to the bare route\n`);
  console.log(`${'target'.padEnd(56)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'worst p99'.padStart(10)}${'errors'.padStart(8)}${'ratio'.padStart(8)}`);
  const row = (label: string, s: ReturnType<typeof summarise>) =>
    console.log(`${label.padEnd(56)}${fmt(s.rps, 0)}${fmt(s.p50)}${fmt(s.p99)}${fmt(s.worstP99)}${String(s.errors).padStart(8)}${s.ratio.toFixed(2).padStart(8)}`);
  row('bare Fastify route', b);
  row('reference: bare Fastify + one worker thread (hop only)', w);
  row(`reference: bare Fastify + a thread per invocation (${workerPerInvocation.workers()})`, p);
  row('gateway: key + cached authorizer + event + worker + log', g);
  const perRound = (s: ReturnType<typeof summarise>) => s.ratios.map((r) => r.toFixed(2)).join(' ');
  console.log(`\nper-round ratios: gateway ${perRound(g)}; one-thread reference ${perRound(w)}; thread-per-invocation reference ${perRound(p)}`);
  console.log(`gateway against the thread-per-invocation reference (the same concurrency model, no gateway logic): ${toLambdaModel.toFixed(2)}`);
  console.log(`(target: gateway ratio ≥ 0.80, p99 < 5 ms; authorizer invoked ${signals.count('auth')}×, ${accessLines} access-log lines)\n`);
  if (describeLoadTool() === 'wrk (own process)') {
    const perRequest = (name: Target, key: 'mainMs' | 'otherThreadsMs') => cpu.microseconds(name, key).toFixed(0);
    console.log('CPU per request, µs (this process: main thread / other threads, over all rounds; wrk runs outside it)');
    for (const [label, name] of [['thread-per-invocation reference', 'workerPerInvocation'], ['gateway', 'gateway']] as const) {
      console.log(`  ${label.padEnd(34)}${perRequest(name, 'mainMs').padStart(8)} /${perRequest(name, 'otherThreadsMs').padStart(6)}`);
    }
    console.log();
  }
  console.log('Streaming time to first byte (200 sequential requests, new connection each)\n');
  console.log(`${'target'.padEnd(56)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`);
  console.log(`${'bare Fastify streaming route'.padEnd(56)}${fmt(percentile(ttfb.bare, 0.5))}${fmt(percentile(ttfb.bare, 0.99))}`);
  console.log(`${'Function URL (RESPONSE_STREAM) + worker'.padEnd(56)}${fmt(percentile(ttfb.gateway, 0.5))}${fmt(percentile(ttfb.gateway, 0.99))}`);
  console.log(`${'overhead (gateway − bare)'.padEnd(56)}${fmt(percentile(ttfb.gateway, 0.5) - percentile(ttfb.bare, 0.5))}${fmt(percentile(ttfb.gateway, 0.99) - percentile(ttfb.bare, 0.99))}`);
  console.log(`\nStreaming chat to the fake Bedrock (first-token delay ${FIRST_TOKEN_DELAY_MS} ms; 50 sequential requests each with the fake in`);
  console.log('its own process, then 30 with the fake in this event loop; direct and gateway interleaved)\n');
  console.log(`${'target'.padEnd(56)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`);
  const bedrockRows = (label: string, times: { direct: number[]; gateway: number[] }) => {
    console.log(`${`SDK ConverseStream → first delta ${label}`.padEnd(56)}${fmt(percentile(times.direct, 0.5))}${fmt(percentile(times.direct, 0.99))}`);
    console.log(`${`Function URL → handler → ConverseStream → first byte`.padEnd(56)}${fmt(percentile(times.gateway, 0.5))}${fmt(percentile(times.gateway, 0.99))}`);
    console.log(
      `${'overhead (gateway − direct)'.padEnd(56)}${fmt(percentile(times.gateway, 0.5) - percentile(times.direct, 0.5))}${fmt(percentile(times.gateway, 0.99) - percentile(times.direct, 0.99))}`,
    );
  };
  bedrockRows('(fake: own process)', remote);
  console.log();
  bedrockRows('(fake: this loop)', local);
  console.log('\n(target: streaming overhead to first byte < 2 ms; the first pair is the fair one: the direct client');
  console.log(' of the second pair shares the fake\'s event loop and never waits for a thread to wake)\n');

  await bare.close();
  await oneWorker.close();
  await workerPerInvocation.close();
  await gateway.close();
  await runtime.close();
  await signals.close();
  await localBedrock.close();
  await bedrockProcess.close();
  await rm(buildDir, { recursive: true, force: true });
}

await main();
