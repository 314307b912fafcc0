/**
 * Python runtime benchmark: Python functions run as processes behind the Runtime API the kit serves,
 * against references measured in the same run.
 *
 * 1. Through the gateway at 10 keep-alive connections (interleaved rounds, medians, as bench/gateway.ts):
 *    a trivial Python handler (a fixed proxy result) behind a REST route with no key and no
 *    authorizer, the same handler in Node.js behind the same kind of route, the "thread per
 *    invocation" reference and the bare Fastify route; then the same at one connection (sequential
 *    requests: latency without queueing, the figure `sam local` users know).
 * 2. The Runtime API's own cost per invocation: sequential `runtime.invoke()` (no gateway) of a no-op
 *    Node.js worker function, a no-op custom runtime in JavaScript speaking the Runtime API
 *    (bench/fixtures/noop-runtime/bootstrap) and a no-op Python handler.
 * 3. Cold starts: a fresh runtime per start (code prepared first, so the wall time is environment
 *    start to first response), Python and Node.js interleaved, against the bare interpreter start.
 *
 * The fixtures are copied to a temporary directory, so the run writes nothing (no `__pycache__`) under bench/.
 *
 *     npx tsx bench/pythonRuntime.ts [--seconds 2] [--rounds 3] [--wrk]
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { startGateway } from '../local/gateway/index.js';
import { createLambdaRuntime } from '../local/runtime/index.js';
import { findPythonInterpreter, type PythonInterpreter } from '../local/runtime/process/pythonInterpreter.js';
import type { FunctionDef, TemplateModel } from '../local/template/model.js';
import { functionDef, templateModel } from '../test/fixtures/runtime/functionDefs.js';
import { numberOption } from './lib/benchArgs.js';
import { describeLoadTool, LOAD_TOOL, type LoadResult } from './lib/httpLoad.js';
import { roundRatios, runLoadRounds, summariseRounds, type LoadTarget } from './lib/loadRounds.js';
import { sampleCpu } from './lib/processCpu.js';
import { median } from './lib/statistics.js';
import { startWorkerReference } from './lib/workerReference.js';

const SECONDS = numberOption('seconds', 2);
const ROUNDS = numberOption('rounds', 3);
const CONNECTIONS = 10;
const COLD_STARTS = 7;
const BODY = '{"message":"hello"}';
const TARGET_P50_MS = 2;
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Dirs {
  scratch: string;
  python: string;
  node: string;
  noopRuntime: string;
  build: string;
}

type GatewayTarget = 'bare' | 'workerPerInvocation' | 'node' | 'python';

/** CPU µs per request in one run: this process (gateway, runtime, Fastify, and the Node.js load generator) and its function processes. */
interface CpuPerRequest {
  kit: number;
  functions: number;
}

/** Records each run's CPU per request, by target. */
function cpuRecorder(): { perRun: Record<GatewayTarget, CpuPerRequest[]>; aroundRun: (name: string) => (result: LoadResult) => void } {
  const perRun: Record<GatewayTarget, CpuPerRequest[]> = { bare: [], workerPerInvocation: [], node: [], python: [] };
  const aroundRun = (name: string) => {
    const before = sampleCpu(['wrk']);
    return (result: LoadResult) => {
      const after = sampleCpu(['wrk']);
      perRun[name as GatewayTarget].push({ kit: ((after.ownMs - before.ownMs) * 1000) / result.requests, functions: ((after.childrenMs - before.childrenMs) * 1000) / result.requests });
    };
  };
  return { perRun, aroundRun };
}

const benchFunction = (logicalId: string, codeDir: string, handler: string, runtime?: string): FunctionDef =>
  functionDef({ logicalId, functionName: `bench-${logicalId}`, codeDir, handler, timeout: 30, ...(runtime ? { runtime } : {}) });

/** Counts the cold starts (REPORT lines with an Init Duration) per function; keeps the last Init Duration. */
class ReportLines {
  readonly coldStarts = new Map<string, number>();
  lastInitMs = NaN;
  readonly log = (line: string, functionId: string): void => {
    const init = /^REPORT .*Init Duration: ([\d.]+) ms/.exec(line);
    if (!init) return;
    this.lastInitMs = Number(init[1]);
    this.coldStarts.set(functionId, (this.coldStarts.get(functionId) ?? 0) + 1);
  };
}

/** The gateway model: one REST API, no key, no authorizer, a route per language. */
function gatewayModel(dirs: Dirs, pythonRuntime: string): TemplateModel {
  return {
    ...templateModel([benchFunction('HelloPython', dirs.python, 'handlers.hello', pythonRuntime), benchFunction('HelloNode', dirs.node, 'handlers.hello')], dirs.scratch),
    apis: [{ logicalId: 'Api', kind: 'REST', stage: 'Prod', apiId: 'benchpy001', apiKeyRequired: false, authorizers: [], binaryMediaTypes: [], stageVariables: {} }],
    routes: [
      { apiLogicalId: 'Api', functionLogicalId: 'HelloPython', method: 'GET', path: '/python', apiKeyRequired: false, payloadFormatVersion: '1.0', eventId: 'Python' },
      { apiLogicalId: 'Api', functionLogicalId: 'HelloNode', method: 'GET', path: '/node', apiKeyRequired: false, payloadFormatVersion: '1.0', eventId: 'Node' },
    ],
  };
}

/** Section 1: the four targets at CONNECTIONS connections, then at one. */
async function measureGateway(dirs: Dirs, pythonRuntime: string) {
  const model = gatewayModel(dirs, pythonRuntime);
  const reports = new ReportLines();
  const runtime = await createLambdaRuntime(model, { buildDir: dirs.build, log: reports.log });
  let accessLines = 0;
  const gateway = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [], log: () => accessLines++ });
  const bare = Fastify({ logger: false });
  bare.get('/hello', async (_request, reply) => reply.header('content-type', 'application/json').send(BODY));
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const reference = await startWorkerReference('perInvocation', BODY);
  try {
    const targets: Record<GatewayTarget, LoadTarget> = {
      bare: { url: `${bareUrl}/hello`, headers: {} },
      workerPerInvocation: { url: `${reference.url}/hello`, headers: {} },
      node: { url: `${gateway.apiUrl}/node`, headers: {} },
      python: { url: `${gateway.apiUrl}/python`, headers: {} },
    };
    for (const name of ['node', 'python'] as const) {
      const check = await fetch(targets[name].url);
      const text = await check.text();
      if (check.status !== 200 || text !== BODY) throw new Error(`the ${name} route answered ${check.status} ${text}`);
    }
    const order: GatewayTarget[] = ['bare', 'workerPerInvocation', 'node', 'python'];
    const loadedCpu = cpuRecorder();
    const loaded = await runLoadRounds(targets, order, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, aroundRun: loadedCpu.aroundRun });
    const threads = reference.workers();
    const processes = reports.coldStarts.get('HelloPython') ?? 0;
    const workers = reports.coldStarts.get('HelloNode') ?? 0;
    const sequentialCpu = cpuRecorder();
    const sequential = await runLoadRounds(targets, order, { rounds: ROUNDS, seconds: SECONDS, connections: 1, warmUpMs: 300, aroundRun: sequentialCpu.aroundRun });
    return { loaded, loadedCpu: loadedCpu.perRun, sequential, sequentialCpu: sequentialCpu.perRun, threads, processes, workers, accessLines };
  } finally {
    await bare.close();
    await reference.close();
    await gateway.close();
    await runtime.close();
  }
}

/** One round of sequential invocations: wall µs per invocation, and CPU µs per invocation of this process and of the function processes. */
interface InvokeCost extends CpuPerRequest {
  wall: number;
}

/** Section 2: the cost of a sequential `runtime.invoke()` of a no-op handler, per round, for each kind of environment. */
async function measureInvokeOverhead(dirs: Dirs, pythonRuntime: string) {
  const functions = { node: benchFunction('NoopNode', dirs.node, 'handlers.noop'), custom: benchFunction('NoopCustom', dirs.noopRuntime, 'noop', 'provided.al2023'), python: benchFunction('NoopPython', dirs.python, 'handlers.noop', pythonRuntime) };
  const about = benchFunction('About', dirs.python, 'handlers.about', pythonRuntime);
  const runtime = await createLambdaRuntime(templateModel([...Object.values(functions), about], dirs.scratch), { buildDir: dirs.build, log: () => {} });
  try {
    const invokeFor = async (functionId: string, ms: number): Promise<InvokeCost> => {
      let count = 0;
      const cpuBefore = sampleCpu();
      const started = performance.now();
      while (performance.now() - started < ms) {
        const result = await runtime.invoke(functionId, {});
        if (result.status !== 'ok' || result.payload !== null) throw new Error(`${functionId}: ${JSON.stringify(result)}`);
        count++;
      }
      const wallMs = performance.now() - started;
      const cpuAfter = sampleCpu();
      return { wall: (wallMs * 1000) / count, kit: ((cpuAfter.ownMs - cpuBefore.ownMs) * 1000) / count, functions: ((cpuAfter.childrenMs - cpuBefore.childrenMs) * 1000) / count };
    };
    const order = ['node', 'custom', 'python'] as const;
    for (const kind of order) await invokeFor(functions[kind].logicalId, 300);
    const costs = { node: [] as InvokeCost[], custom: [] as InvokeCost[], python: [] as InvokeCost[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < order.length; i++) {
        const kind = order[(i + round) % order.length];
        costs[kind].push(await invokeFor(functions[kind].logicalId, SECONDS * 1000));
      }
    }
    const aboutResult = await runtime.invoke('About', {});
    if (aboutResult.status !== 'ok') throw new Error(`About: ${JSON.stringify(aboutResult)}`);
    return { costs, python: aboutResult.payload as { version: string; implementation: string; executable: string } };
  } finally {
    await runtime.close();
  }
}

/** Milliseconds to run `command -c pass`: an interpreter's bare start and exit. */
function interpreterStartMs(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(command, ['-c', 'pass'], (error) => (error ? reject(error) : resolve(performance.now() - started)));
  });
}

/** One cold start: a fresh runtime, its code prepared, then the first invoke's wall time and the REPORT's Init Duration. */
async function coldStart(def: FunctionDef, dirs: Dirs): Promise<{ wallMs: number; initMs: number }> {
  const reports = new ReportLines();
  const runtime = await createLambdaRuntime(templateModel([def], dirs.scratch), { buildDir: dirs.build, log: reports.log });
  try {
    await runtime.prepare();
    const started = performance.now();
    const result = await runtime.invoke(def.logicalId, {});
    const wallMs = performance.now() - started;
    if (result.status !== 'ok') throw new Error(`${def.logicalId}: ${JSON.stringify(result)}`);
    return { wallMs, initMs: reports.lastInitMs };
  } finally {
    await runtime.close();
  }
}

/** Section 3: COLD_STARTS cold starts of each, interleaved, with the bare interpreter's start beside them. */
async function measureColdStarts(dirs: Dirs, pythonRuntime: string, interpreter: PythonInterpreter, executable: string) {
  const python = benchFunction('ColdPython', dirs.python, 'handlers.noop', pythonRuntime);
  const node = benchFunction('ColdNode', dirs.node, 'handlers.noop');
  const starts = { python: [] as { wallMs: number; initMs: number }[], node: [] as { wallMs: number; initMs: number }[], command: [] as number[], executable: [] as number[] };
  await coldStart(node, dirs); // builds the worker bootstrap bundle once, outside the timings
  for (let i = 0; i < COLD_STARTS; i++) {
    starts.python.push(await coldStart(python, dirs));
    starts.node.push(await coldStart(node, dirs));
    starts.command.push(await interpreterStartMs(interpreter.command));
    if (executable !== interpreter.command) starts.executable.push(await interpreterStartMs(executable));
  }
  return starts;
}

const fmt = (n: number, digits = 2, width = 10) => (Number.isFinite(n) ? n.toFixed(digits) : '–').padStart(width);
const loadText = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');

function printGateway(gateway: Awaited<ReturnType<typeof measureGateway>>): void {
  const table = (results: typeof gateway.loaded, cpu: typeof gateway.loadedCpu, connections: number) => {
    const s = (name: GatewayTarget) => summariseRounds(results[name], results.bare);
    console.log(`${'target'.padEnd(58)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'errors'.padStart(7)}${'ratio'.padStart(7)}${'kit CPU'.padStart(9)}${'fn CPU'.padStart(8)}`);
    const row = (label: string, name: GatewayTarget) => {
      const r = s(name);
      const kit = median(cpu[name].map((c) => c.kit));
      const functions = median(cpu[name].map((c) => c.functions));
      console.log(`${label.padEnd(58)}${fmt(r.rps, 0, 8)}${fmt(r.p50, 2, 8)}${fmt(r.p99, 2, 8)}${String(r.errors).padStart(7)}${r.ratio.toFixed(2).padStart(7)}${fmt(kit, 0, 9)}${fmt(functions, 0, 8)}`);
    };
    row('bare Fastify route', 'bare');
    row(`reference: bare Fastify + a thread per invocation${connections > 1 ? ` (${gateway.threads})` : ''}`, 'workerPerInvocation');
    row(`gateway → Node.js handler (worker threads${connections > 1 ? `: ${gateway.workers}` : ''})`, 'node');
    row(`gateway → Python handler (processes${connections > 1 ? `: ${gateway.processes}` : ''}, Runtime API)`, 'python');
    const python = s('python');
    const node = s('node');
    const p50Difference = python.p50 - node.p50;
    console.log(`\nPython against Node.js (same route, same result): req/s ratio ${median(roundRatios(results.python, results.node)).toFixed(2)}, p50 ${p50Difference >= 0 ? '+' : ''}${p50Difference.toFixed(2)} ms`);
    console.log(`Python against the thread-per-invocation reference: req/s ratio ${median(roundRatios(results.python, results.workerPerInvocation)).toFixed(2)}`);
    console.log(`per-round ratios to the bare route: Python ${python.ratios.map((r) => r.toFixed(2)).join(' ')}; Node.js ${node.ratios.map((r) => r.toFixed(2)).join(' ')}`);
    return python;
  };
  console.log(`\nThrough the gateway: REST route, no key, no authorizer; ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds × ${SECONDS}s per target, load from ${describeLoadTool()}`);
  console.log('medians over rounds, ratio = median of per-round ratios to the bare route; CPU in µs per request, of this process');
  console.log(`(gateway, runtime, Runtime API servers${LOAD_TOOL === 'node' ? ', and the load generator thread' : ''}: "kit") and of the function processes ("fn")\n`);
  const python = table(gateway.loaded, gateway.loadedCpu, CONNECTIONS);
  const met = python.p50 < TARGET_P50_MS ? 'met' : 'NOT met';
  console.log(`(target: warm Python p50 < ${TARGET_P50_MS} ms through the gateway: ${met}, ${python.p50.toFixed(2)} ms; sam local here: ~700 ms per request by default, 10–16 ms warm)`);
  console.log(`(${gateway.accessLines} access-log lines)\n`);
  console.log(`The same at 1 connection (sequential requests, no queueing), ${ROUNDS} interleaved rounds × ${SECONDS}s per target\n`);
  table(gateway.sequential, gateway.sequentialCpu, 1);
}

function printInvokeOverhead(costs: Awaited<ReturnType<typeof measureInvokeOverhead>>['costs']): void {
  const column = (list: InvokeCost[], field: keyof InvokeCost) => list.map((cost) => cost[field]);
  const differences = (a: InvokeCost[], b: InvokeCost[], field: keyof InvokeCost) => median(column(a, field).map((x, i) => x - column(b, field)[i]));
  console.log(`\nRuntime API overhead: sequential runtime.invoke() of a no-op handler, no gateway; ${ROUNDS} interleaved rounds × ${SECONDS}s, medians;`);
  console.log('CPU per invocation of this process (runtime, Runtime API servers: "kit") and of the function processes ("fn")\n');
  console.log(`${'path'.padEnd(62)}${'µs/invoke'.padStart(10)}${'invokes/s'.padStart(10)}${'kit CPU'.padStart(9)}${'fn CPU'.padStart(8)}   per round (µs)`);
  const row = (label: string, list: InvokeCost[]) => {
    const wall = median(column(list, 'wall'));
    const perRound = column(list, 'wall').map((x) => x.toFixed(1)).join(' ');
    console.log(`${label.padEnd(62)}${fmt(wall, 1)}${fmt(1e6 / wall, 0)}${fmt(median(column(list, 'kit')), 0, 9)}${fmt(median(column(list, 'functions')), 0, 8)}   ${perRound}`);
  };
  const difference = (label: string, a: InvokeCost[], b: InvokeCost[]) =>
    console.log(`${label.padEnd(62)}${fmt(differences(a, b, 'wall'), 1)}${''.padStart(10)}${fmt(differences(a, b, 'kit'), 0, 9)}${fmt(differences(a, b, 'functions'), 0, 8)}`);
  row('(a) Node.js worker function (worker-thread hop)', costs.node);
  row('(b) custom runtime in JavaScript (Runtime API hop, keep-alive)', costs.custom);
  row('(c) Python handler (Runtime API + lambda_bootstrap.py)', costs.python);
  difference('b − a: the Runtime API hop versus the worker-thread hop', costs.custom, costs.node);
  difference('c − b: what our Python client adds (over a JavaScript one)', costs.python, costs.custom);
  console.log('(differences: medians of the per-round differences; (a)\'s function runs in a thread of this process, so its "fn" is 0)');
}

function printColdStarts(starts: Awaited<ReturnType<typeof measureColdStarts>>, interpreter: PythonInterpreter): void {
  console.log(`\nCold start: ${COLD_STARTS} fresh runtimes each (code prepared first; Python and Node.js interleaved); ms\n`);
  console.log(`${''.padEnd(62)}${'first invoke()'.padStart(20)}${'Init Duration'.padStart(20)}`);
  console.log(`${'function'.padEnd(62)}${'median'.padStart(10)}${'max'.padStart(10)}${'median'.padStart(10)}${'max'.padStart(10)}`);
  const row = (label: string, wall: number[], init: number[]) => console.log(`${label.padEnd(62)}${fmt(median(wall))}${fmt(Math.max(...wall))}${fmt(init.length ? median(init) : NaN)}${fmt(init.length ? Math.max(...init) : NaN)}`);
  row(`Python: ${interpreter.command} lambda_bootstrap.py, no-op handler`, starts.python.map((s) => s.wallMs), starts.python.map((s) => s.initMs));
  row('Node.js: worker thread, no-op handler', starts.node.map((s) => s.wallMs), starts.node.map((s) => s.initMs));
  row(`reference: \`${interpreter.command} -c pass\` (bare interpreter start)`, starts.command, []);
  if (starts.executable.length) row('reference: `sys.executable -c pass` (no PATH lookup or shim)', starts.executable, []);
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const interpreter = await findPythonInterpreter('python3');
  if (!interpreter) throw new Error('no python3 starts here: the Python benchmark needs one on the PATH');
  const pythonRuntime = `python${interpreter.version.split('.').slice(0, 2).join('.')}`;
  const scratch = await mkdtemp(join(tmpdir(), 'bench-python-runtime-'));
  try {
    await cp(FIXTURES, join(scratch, 'fixtures'), { recursive: true });
    const dirs: Dirs = { scratch, python: join(scratch, 'fixtures/python'), node: join(scratch, 'fixtures/node'), noopRuntime: join(scratch, 'fixtures/noop-runtime'), build: join(scratch, 'build') };
    const gateway = await measureGateway(dirs, pythonRuntime);
    const overhead = await measureInvokeOverhead(dirs, pythonRuntime);
    // The command the runtime runs for `pythonRuntime` (python3.X when it starts, else python3).
    const runtimeInterpreter = (await findPythonInterpreter(pythonRuntime)) ?? interpreter;
    const starts = await measureColdStarts(dirs, pythonRuntime, runtimeInterpreter, overhead.python.executable);
    const loadAfter = loadavg();

    console.log(`\nPython runtime: Runtime ${pythonRuntime} runs \`${runtimeInterpreter.command}\` → ${overhead.python.implementation} ${overhead.python.version} (${overhead.python.executable}); Node ${process.versions.node}`);
    console.log(`load average ${loadText(loadBefore)} before, ${loadText(loadAfter)} after`);
    printGateway(gateway);
    printInvokeOverhead(overhead.costs);
    printColdStarts(starts, runtimeInterpreter);
    console.log();
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
