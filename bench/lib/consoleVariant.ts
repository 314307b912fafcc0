/**
 * One stack of the console benchmark, in a process of its own (as a user's stack runs): the trivial
 * route (API key, v1 event, worker thread, access log) with no console (`plain`), with the console's
 * feed recording every invocation (`recording`), or with it and one open page (`watched`: an SSE
 * reader in its own process, `curl -N`, as a browser would be).
 *
 * Prints one JSON line, `{ "url", "headers" }` (the request to load it with), when it serves; then answers each `stats` line on stdin with
 * `{ "gcMs", "delivered", "bytesToPage" }` (main-thread collection pauses since it started, events
 * the feed made, bytes the page received). Ends when stdin closes.
 *
 *     node --import tsx bench/lib/consoleVariant.ts plain|recording|watched
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { ConsoleFeed, FeedRecorder, FEED_SHAPES, startConsoleServer } from '../../local/console/index.js';
import { startGateway } from '../../local/gateway/index.js';
import { createLambdaRuntime } from '../../local/runtime/index.js';
import type { TemplateModel } from '../../local/template/model.js';
import { emptyModel, fixtureFunction } from '../../test/fixtures/gateway/gatewayModel.js';

type ConsoleVariant = 'plain' | 'recording' | 'watched';
const CONSOLE_VARIANTS: ConsoleVariant[] = ['plain', 'recording', 'watched'];
const API_KEY = { id: 'bench-key', value: 'bench-key-value' };

interface VariantStats {
  gcMs: number;
  delivered: number;
  bytesToPage: number;
}

function benchModel(): TemplateModel {
  return {
    ...emptyModel(),
    functions: [fixtureFunction('Hello', 'hello')],
    apis: [{ logicalId: 'Api', kind: 'REST', stage: 'Prod', apiId: 'benchapi01', apiKeyRequired: true, authorizers: [], binaryMediaTypes: [], stageVariables: {} }],
    routes: [{ apiLogicalId: 'Api', functionLogicalId: 'Hello', method: 'GET', path: '/hello', apiKeyRequired: true, payloadFormatVersion: '1.0', eventId: 'Hello' }],
  };
}

/** Starts the variant's stack and its page, if any; returns its route's request, its stats and its close. */
async function startVariant(variant: ConsoleVariant) {
  const model = benchModel();
  const buildDir = await mkdtemp(join(tmpdir(), 'console-bench-'));
  const recorder = variant === 'plain' ? undefined : new FeedRecorder(new ConsoleFeed(undefined, FEED_SHAPES));
  const runtime = await createLambdaRuntime(model, { buildDir, log: () => {}, observer: recorder });
  const gateway = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [API_KEY], log: () => {} });
  let bytesToPage = () => 0;
  let closePage = async () => {};
  if (variant === 'watched' && recorder) {
    const consoleServer = await startConsoleServer({ model, endpoints: { region: 'us-east-1' }, runtime, feed: recorder.feed, recorder }, { port: 0 });
    // Into a file, not a pipe: reading a pipe here would charge this process for the page's reading.
    const pageFile = join(buildDir, 'page.sse');
    const page = spawn('curl', ['-sN', '-o', pageFile, '-H', 'accept: text/event-stream', `${consoleServer.url}api/feed`], { stdio: 'ignore' });
    while (recorder.feed.subscriberCount === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    bytesToPage = () => statSync(pageFile, { throwIfNoEntry: false })?.size ?? 0;
    closePage = async () => (page.kill(), await consoleServer.close());
  }
  return {
    target: { url: `${gateway.apiUrl}/hello`, headers: { 'x-api-key': API_KEY.value } },
    stats: (gcMs: number): VariantStats => ({ gcMs, delivered: recorder ? recorder.feed.nextSequence - 1 : 0, bytesToPage: bytesToPage() }),
    close: async () => {
      await closePage();
      await gateway.close();
      await runtime.close();
      await rm(buildDir, { recursive: true, force: true });
    },
  };
}

async function serve(variant: ConsoleVariant): Promise<void> {
  let gcMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  gc.observe({ entryTypes: ['gc'] });
  const stack = await startVariant(variant);
  console.log(JSON.stringify(stack.target));
  const commands = createInterface({ input: process.stdin });
  commands.on('line', (line) => {
    if (line === 'stats') console.log(JSON.stringify(stack.stats(gcMs)));
  });
  commands.once('close', () => {
    gc.disconnect();
    void stack.close().then(() => process.exit(0));
  });
}

const variant = process.argv[2] as ConsoleVariant;
if (!CONSOLE_VARIANTS.includes(variant)) throw new Error(`usage: consoleVariant.ts ${CONSOLE_VARIANTS.join('|')}`);
await serve(variant);
