/**
 * Fake Bedrock benchmark: Converse req/s and ConverseStream events/s of the fake against a bare
 * Fastify JSON route measured in the same run, plus the cost of event-stream framing.
 * Run: npx tsx bench/bedrock.ts   (about 9 s: warm-up, then 3 rounds of 0.5 s measurements; --seconds <n>)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { startBedrockServer } from '../local/bedrock/index.js';
import { EventStreamEncoder } from '../local/bedrock/eventstream/EventStreamEncoder.js';
import { numberOption } from './lib/benchArgs.js';

const SECONDS = numberOption('seconds', 0.5);
const ROUNDS = 3;
const CONCURRENCY = 16;
const MODEL = encodeURIComponent('us.anthropic.claude-haiku-4-5-20251001-v1:0');
const HEADERS = {
  'content-type': 'application/json',
  authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0',
};
const BODY = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'How fast is the fake?' }] }], inferenceConfig: { maxTokens: 200 } });
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** POSTs and counts the response's bytes and chunks. */
function post(url: string): Promise<{ status: number; chunks: number }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: HEADERS }, (response) => {
      let chunks = 0;
      response.on('data', () => chunks++);
      response.on('end', () => resolve({ status: response.statusCode ?? 0, chunks }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(BODY);
  });
}

/** Requests per second with CONCURRENCY requests in flight for SECONDS. */
async function requestsPerSecond(url: string): Promise<number> {
  let done = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const { status } = await post(url);
        if (status !== 200) throw new Error(`status ${status} from ${url}`);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Events per second received over one streamed response of `events` events, repeated for SECONDS. */
async function eventsPerSecond(url: string, decodeFrames: boolean): Promise<number> {
  let events = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (performance.now() < deadline) {
        const count = await new Promise<number>((resolve, reject) => {
          const request = http.request(url, { method: 'POST', agent, headers: HEADERS }, (response) => {
            let frames = 0;
            let pending: Buffer = Buffer.alloc(0);
            response.on('data', (chunk: Buffer) => {
              if (!decodeFrames) return void (frames += chunk.toString().split('\n').length - 1);
              pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
              while (pending.length >= 4 && pending.length >= pending.readUInt32BE(0)) {
                pending = pending.subarray(pending.readUInt32BE(0));
                frames++;
              }
            });
            response.on('end', () => resolve(frames));
            response.on('error', reject);
          });
          request.on('error', reject);
          request.end(BODY);
        });
        events += count;
      }
    }),
  );
  return events / ((performance.now() - started) / 1000);
}

/** µs per event to build one ConverseStream frame (JSON + prelude + headers + CRCs). */
function framingMicroseconds(): { framing: number; jsonOnly: number } {
  const body = { contentBlockIndex: 0, delta: { text: ' token' } };
  const iterations = 200_000;
  for (let index = 0; index < 20_000; index++) EventStreamEncoder.event('contentBlockDelta', body);
  let started = performance.now();
  for (let index = 0; index < iterations; index++) EventStreamEncoder.event('contentBlockDelta', body);
  const framing = ((performance.now() - started) * 1000) / iterations;
  started = performance.now();
  for (let index = 0; index < iterations; index++) Buffer.from(JSON.stringify(body));
  const jsonOnly = ((performance.now() - started) * 1000) / iterations;
  return { framing, jsonOnly };
}

const STREAM_EVENTS = 400;
const bare = Fastify({ logger: false });
const answer = { output: { message: { role: 'assistant', content: [{ text: 'x'.repeat(180) }] } }, stopReason: 'end_turn', usage: { inputTokens: 10, outputTokens: 36, totalTokens: 46 }, metrics: { latencyMs: 1 } };
bare.post('/converse', async () => answer);
bare.post('/stream', async (_request, reply) => {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/plain' });
  for (let index = 0; index < STREAM_EVENTS; index++) reply.raw.write(`{"contentBlockIndex":0,"delta":{"text":" token"}}\n`);
  reply.raw.end();
});
await bare.listen({ host: '127.0.0.1', port: 0 });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;
const fake = await startBedrockServer({ answerWords: 30 });
const streamingFake = await startBedrockServer({ answerWords: STREAM_EVENTS - 40 });

/** Warms the JIT on both servers (the first thousands of requests run unoptimised code). */
async function warmUp(url: string): Promise<void> {
  const until = performance.now() + 1_000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < until) await post(url);
  }));
}

await warmUp(`${bareUrl}/converse`);
await warmUp(`${fake.url}/model/${MODEL}/converse`);
await eventsPerSecond(`${streamingFake.url}/model/${MODEL}/converse-stream`, true);

// Rounds alternate fake and reference and keep each one's best, so that load from other
// processes on the machine hits both sides alike instead of skewing the ratio.
let bareConverse = 0;
let fakeConverse = 0;
let bareStream = 0;
let fakeStream = 0;
for (let round = 0; round < ROUNDS; round++) {
  bareConverse = Math.max(bareConverse, await requestsPerSecond(`${bareUrl}/converse`));
  fakeConverse = Math.max(fakeConverse, await requestsPerSecond(`${fake.url}/model/${MODEL}/converse`));
  bareStream = Math.max(bareStream, await eventsPerSecond(`${bareUrl}/stream`, false));
  fakeStream = Math.max(fakeStream, await eventsPerSecond(`${streamingFake.url}/model/${MODEL}/converse-stream`, true));
}
const { framing, jsonOnly } = framingMicroseconds();

const rows = [
  ['Converse req/s (HTTP/1.1, 16 in flight)', fakeConverse, bareConverse, fakeConverse / bareConverse, '≥ 0.70'],
  ['ConverseStream events/s (4 streams)', fakeStream, bareStream, fakeStream / bareStream, ''],
] as const;
console.log(`\nfake Bedrock vs bare Fastify route (best of ${ROUNDS} rounds of ${SECONDS}s, same process, pace 0)\n`);
console.log('| measure | fake | bare Fastify | ratio | target |');
console.log('|---|---:|---:|---:|---|');
for (const [name, mine, reference, ratio, target] of rows) {
  console.log(`| ${name} | ${Math.round(mine).toLocaleString('en')} | ${Math.round(reference).toLocaleString('en')} | ${ratio.toFixed(2)} | ${target} |`);
}
console.log(`\n| stream framing | µs/event |\n|---|---:|`);
console.log(`| event-stream frame (JSON + headers + CRC32s) | ${framing.toFixed(2)} |`);
console.log(`| JSON.stringify alone | ${jsonOnly.toFixed(2)} |`);
console.log(`| framing overhead (target < 10) | ${(framing - jsonOnly).toFixed(2)} |\n`);

agent.destroy();
await fake.close();
await streamingFake.close();
await bare.close();
