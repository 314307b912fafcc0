import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, FunctionNotFoundError, invokeOnce, type LocalLambdaRuntime } from '../../../local/runtime/index.js';
import type { FunctionDef } from '../../../local/template/model.js';
import { cjsDir, functionDef, jsDir, templateModel, tsDir } from '../../fixtures/runtime/functionDefs.js';
import { errorOf, payloadOf } from '../../fixtures/runtime/invokeResults.js';
import { GateServer } from '../../fixtures/runtime/GateServer.js';

const execFileAsync = promisify(execFile);

const js = (logicalId: string, handler: string, extra: Partial<FunctionDef> = {}) =>
  functionDef({ logicalId, handler: `handlers.${handler}`, codeDir: jsDir, ...extra });

describe('local Lambda runtime', () => {
  let buildDir: string;
  let scratchDir: string;
  let runtime: LocalLambdaRuntime;
  let gates: GateServer;
  const lines: { functionId: string; line: string }[] = [];
  const linesOf = (functionId: string) => lines.filter((entry) => entry.functionId === functionId).map((entry) => entry.line);
  const reportsOf = (functionId: string) => linesOf(functionId).filter((line) => line.startsWith('REPORT'));

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'runtime-build-'));
    scratchDir = await mkdtemp(join(tmpdir(), 'runtime-src-'));
    await mkdir(join(scratchDir, 'bad'), { recursive: true });
    await writeFile(join(scratchDir, 'bad', 'package.json'), '{"type":"module"}');
    await writeFile(join(scratchDir, 'bad', 'syntax.mjs'), "export const handler = async () => 'no' +;\n");
    await writeFile(join(scratchDir, 'bad', 'initThrows.mjs'), "throw new Error('init failed on purpose');\n");
    await writeFile(join(scratchDir, 'bad', 'missingImport.ts'), "import { missing } from './doesNotExist.js';\nexport const handler = async () => missing;\n");
    gates = new GateServer();
    await gates.listen();
    process.env.RUNTIME_TEST_PARENT_ONLY = 'leaked';
    const model = templateModel([
      js('Echo', 'echo'),
      js('EnvA', 'env', { environment: { ONLY_A: 'a', SHARED: 'from-a', AWS_LAMBDA_FUNCTION_NAME: 'spoofed' } }),
      js('EnvB', 'env', { environment: { ONLY_B: 'b', SHARED: 'from-b' }, memorySize: 256 }),
      js('Counter', 'counter'),
      js('Heap256', 'heapLimit', { memorySize: 256 }),
      js('Heap1024', 'heapLimit', { memorySize: 1024 }),
      js('Inspected', 'echo'),
      js('Logs', 'logs'),
      js('JsonLogs', 'levels', { logging: { format: 'JSON', applicationLogLevel: 'INFO' } }),
      js('JsonThrower', 'thrower', { logging: { format: 'JSON' } }),
      js('Thrower', 'thrower'),
      js('Misbehave', 'misbehave', { timeout: 1 }),
      // The same handler with room for cold starts on a loaded machine: its gated invocation outlives two others.
      js('Crashy', 'misbehave', { timeout: 20 }),
      js('Bystander', 'gate'),
      js('Reserved', 'gate', { reservedConcurrency: 1 }),
      js('Disabled', 'echo', { reservedConcurrency: 0 }),
      js('Big', 'big'),
      js('OldNodeOne', 'echo', { runtime: 'nodejs18.x' }),
      js('OldNodeTwo', 'echo', { runtime: 'nodejs18.x' }),
      js('Ruby', 'echo', { runtime: 'ruby3.3' }),
      js('NotAFunction', 'notAFunction'),
      functionDef({ logicalId: 'MissingFile', handler: 'nothere.handler', codeDir: jsDir }),
      functionDef({ logicalId: 'Callback', handler: 'callback.handler', codeDir: cjsDir }),
      functionDef({ logicalId: 'CallbackFails', handler: 'callback.fails', codeDir: cjsDir }),
      functionDef({ logicalId: 'Nested', handler: 'callback.nested.inner', codeDir: cjsDir }),
      functionDef({ logicalId: 'Syntax', handler: 'syntax.handler', codeDir: join(scratchDir, 'bad') }),
      functionDef({ logicalId: 'InitThrows', handler: 'initThrows.handler', codeDir: join(scratchDir, 'bad') }),
      functionDef({ logicalId: 'Greet', handler: 'greet.handler', codeDir: tsDir, build: { method: 'esbuild', entryPoints: ['greet.ts'] } }),
      functionDef({ logicalId: 'Sdk', handler: 'sdkHandler.handler', codeDir: tsDir, build: { method: 'esbuild', entryPoints: ['sdkHandler.ts'] } }),
      functionDef({ logicalId: 'GreetMinified', handler: 'greet.handler', codeDir: tsDir, build: { method: 'esbuild', entryPoints: ['greet.ts'], minify: true } }),
      functionDef({ logicalId: 'TsFails', handler: 'fails.handler', codeDir: tsDir, build: { method: 'esbuild', entryPoints: ['fails.ts'] } }),
      functionDef({ logicalId: 'BuildFails', handler: 'missingImport.handler', codeDir: join(scratchDir, 'bad'), build: { method: 'esbuild', entryPoints: ['missingImport.ts'] } }),
    ]);
    runtime = await createLambdaRuntime(model, {
      buildDir,
      env: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', AWS_REGION: 'us-east-1' },
      log: (line, functionId) => lines.push({ functionId, line }),
    });
  });

  afterAll(async () => {
    delete process.env.RUNTIME_TEST_PARENT_ONLY;
    await runtime?.close();
    await gates?.close();
    await rm(buildDir, { recursive: true, force: true });
    await rm(scratchDir, { recursive: true, force: true });
  });

  it('returns the handler result with a Lambda context and logs START, END and REPORT', async () => {
    const result = await runtime.invoke('Echo', { hello: 'world' });
    const payload = payloadOf(result) as { event: unknown; requestId: string; functionName: string; memoryLimitInMB: string; remainingMs: number };
    expect(payload.event).toEqual({ hello: 'world' });
    expect(payload.functionName).toBe('test-Echo');
    expect(payload.memoryLimitInMB).toBe('128');
    expect(payload.remainingMs).toBeGreaterThan(0);
    expect(payload.remainingMs).toBeLessThanOrEqual(3000);
    expect(linesOf('Echo')).toContain(`START RequestId: ${payload.requestId} Version: $LATEST`);
    expect(linesOf('Echo')).toContain(`END RequestId: ${payload.requestId}`);
    const report = reportsOf('Echo').find((line) => line.includes(payload.requestId));
    expect(report).toMatch(/^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms$/);
  });

  it('finds a function by logical id, function name or ARN, and rejects unknown ones', async () => {
    expect(payloadOf(await runtime.invoke('test-Echo', {}))).toMatchObject({ functionName: 'test-Echo' });
    expect(payloadOf(await runtime.invoke('arn:aws:lambda:us-east-1:000000000000:function:test-Echo', {}))).toMatchObject({ functionName: 'test-Echo' });
    await expect(runtime.invoke('NoSuchFunction', {})).rejects.toBeInstanceOf(FunctionNotFoundError);
  });

  it('gives each function only its own environment plus the stack and Lambda variables', async () => {
    const names = ['ONLY_A', 'ONLY_B', 'SHARED', 'RUNTIME_TEST_PARENT_ONLY', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_LOG_GROUP_NAME', 'LAMBDA_TASK_ROOT', '_HANDLER', 'TZ'];
    const [a, b] = await Promise.all([runtime.invoke('EnvA', { names }), runtime.invoke('EnvB', { names })]);
    expect(payloadOf(a)).toEqual({
      ONLY_A: 'a', ONLY_B: null, SHARED: 'from-a', RUNTIME_TEST_PARENT_ONLY: null,
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_LAMBDA_FUNCTION_NAME: 'test-EnvA', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128', AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/test-EnvA',
      LAMBDA_TASK_ROOT: jsDir,
      _HANDLER: 'handlers.env', TZ: ':UTC',
    });
    expect(payloadOf(b)).toMatchObject({ ONLY_A: null, ONLY_B: 'b', SHARED: 'from-b', AWS_LAMBDA_FUNCTION_NAME: 'test-EnvB', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256' });
  });

  it("bounds an environment's V8 heap by MemorySize as Lambda's Node.js bootstrap does (the limit of `node --max-semi-space-size --max-old-space-size`)", async () => {
    for (const [functionId, memorySize] of [['Heap256', 256], ['Heap1024', 1024]] as const) {
      // Lambda's /var/runtime/bootstrap: new space a tenth of MemorySize, semi-space half of it, old space the rest.
      const newSpace = Math.floor(memorySize / 10);
      const flags = [`--max-semi-space-size=${Math.floor(newSpace / 2)}`, `--max-old-space-size=${memorySize - newSpace}`];
      const { stdout } = await execFileAsync(process.execPath, [...flags, '-p', "require('node:v8').getHeapStatistics().heap_size_limit"]);
      expect(payloadOf(await runtime.invoke(functionId, {})), functionId).toBe(Number(stdout));
    }
  });

  it("inspects each function's environments: their heaps after a full collection, and one environment's heap snapshot", async () => {
    await runtime.invoke('Inspected', {});
    const file = join(scratchDir, 'inspected.heapsnapshot');
    const inspected = await runtime.inspectEnvironments({ collectGarbage: true, heapSnapshot: { functionId: 'Inspected', file } });
    const environments = inspected.find((entry) => entry.functionId === 'Inspected')!;
    expect(environments.count).toBe(1);
    expect(environments.heapUsedMb).toBeGreaterThan(0);
    expect(environments.heapResidentMb).toBeGreaterThanOrEqual(environments.heapUsedMb);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('snapshot.meta');
    expect(inspected.find((entry) => entry.functionId === 'Ruby')).toMatchObject({ count: 0, heapUsedMb: 0 });
  });

  it('keeps a warm worker: module state survives and only the first REPORT has an Init Duration', async () => {
    const first = payloadOf(await runtime.invoke('Counter', {})) as { invocations: number; loadedAt: number };
    const second = payloadOf(await runtime.invoke('Counter', {})) as { invocations: number; loadedAt: number };
    expect(second.invocations).toBe(first.invocations + 1);
    expect(second.loadedAt).toBe(first.loadedAt);
    const reports = reportsOf('Counter');
    expect(reports).toHaveLength(2);
    expect(reports[0]).toContain('Init Duration');
    expect(reports[1]).not.toContain('Init Duration');
  });

  it('prefixes function console output Lambda-style with the request id and level', async () => {
    payloadOf(await runtime.invoke('Logs', { name: 'tester' }));
    const requestId = /START RequestId: (\S+)/.exec(linesOf('Logs')[0] ?? '')?.[1];
    expect(linesOf('Logs')).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${requestId}\\tINFO\\thello from tester$`)),
      expect.stringMatching(new RegExp(`\\t${requestId}\\tERROR\\tan error line$`)),
    ]));
  });

  it('writes JSON log lines at the application log level when the function logs in JSON, as the Node.js runtime does', async () => {
    payloadOf(await runtime.invoke('JsonLogs', {}));
    const requestId = /START RequestId: (\S+)/.exec(linesOf('JsonLogs')[0] ?? '')?.[1];
    const entries = linesOf('JsonLogs').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map(({ timestamp, ...rest }) => (expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), rest))).toEqual([
      { level: 'INFO', requestId, message: 'info line 42' },
      { level: 'WARN', requestId, message: { warned: true } },
      { level: 'ERROR', requestId, message: expect.stringContaining('failed: RangeError: out of range'), errorType: 'RangeError', errorMessage: 'out of range', stackTrace: expect.arrayContaining([expect.stringContaining('RangeError: out of range')]) },
    ]);

    errorOf(await runtime.invoke('JsonThrower', {}));
    const invokeError = linesOf('JsonThrower').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: string; message: Record<string, unknown> });
    expect(invokeError).toEqual([expect.objectContaining({ level: 'ERROR', message: expect.objectContaining({ errorType: 'TypeError', errorMessage: 'bad input', stackTrace: expect.any(Array) }) })]);
  });

  it('reports a thrown error with its type, message and trace, and logs the stack', async () => {
    const error = errorOf(await runtime.invoke('Thrower', {}));
    expect(error.errorType).toBe('TypeError');
    expect(error.errorMessage).toBe('bad input');
    expect(error.trace?.[0]).toBe('TypeError: bad input');
    expect(error.trace?.join('\n')).toContain('handlers.mjs');
    expect(linesOf('Thrower').some((line) => line.includes('\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"bad input","stack":['))).toBe(true);
  });

  it('supports callback-style CommonJS handlers and nested exports', async () => {
    expect(payloadOf(await runtime.invoke('Callback', { value: 7 }))).toEqual({ via: 'callback', value: 7 });
    expect(errorOf(await runtime.invoke('CallbackFails', {}))).toMatchObject({ errorType: 'Error', errorMessage: 'callback error' });
    expect(payloadOf(await runtime.invoke('Nested', {}))).toBe('nested export');
  });

  it('times out as Lambda does and replaces the worker', async () => {
    const result = await runtime.invoke('Misbehave', { action: 'spin' });
    expect(result.status).toBe('timeout');
    const error = errorOf(result);
    expect(error.errorType).toBe('Sandbox.Timedout');
    expect(error.errorMessage).toMatch(/^\d{4}-\d\d-\d\dT\S+Z [0-9a-f-]{36} Task timed out after 1\.00 seconds$/);
    expect(reportsOf('Misbehave').at(-1)).toContain('Status: timeout');
    expect(payloadOf(await runtime.invoke('Misbehave', { action: 'none' }))).toMatchObject({ action: 'none' });
  });

  it('contains crashes: exit and uncaught errors fail only their own invocation', async () => {
    const gate = gates.gate();
    const bystander = runtime.invoke('Bystander', { gateUrl: gate.url });
    const sameFunctionGate = gates.gate();
    const sameFunction = runtime.invoke('Crashy', { action: 'gate', gateUrl: sameFunctionGate.url });
    await Promise.all([gate.arrived, sameFunctionGate.arrived]);

    const exited = errorOf(await runtime.invoke('Crashy', { action: 'exit' }));
    expect(exited.errorType).toBe('Runtime.ExitError');
    expect(exited.errorMessage).toMatch(/^RequestId: \S+ Error: Runtime exited with error: exit status 3$/);
    const thrown = errorOf(await runtime.invoke('Crashy', { action: 'timerThrow' }));
    expect(thrown).toMatchObject({ errorType: 'RangeError', errorMessage: 'thrown in a timer' });

    gate.open('bystander done');
    sameFunctionGate.open('same function done');
    expect(payloadOf(await bystander)).toEqual({ gate: 'bystander done' });
    expect(payloadOf(await sameFunction)).toEqual({ gate: 'same function done' });
    expect(payloadOf(await runtime.invoke('Crashy', { action: 'none' }))).toMatchObject({ action: 'none' });
  });

  it('throttles beyond reserved concurrency with TooManyRequestsException', async () => {
    const gate = gates.gate();
    const first = runtime.invoke('Reserved', { gateUrl: gate.url });
    await gate.arrived;
    const throttled = await runtime.invoke('Reserved', { gateUrl: gate.url });
    expect(throttled).toEqual({ status: 'throttled', error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' }, durationMs: 0 });
    gate.open();
    expect(payloadOf(await first)).toEqual({ gate: 'open' });
    const again = gates.gate();
    again.open();
    expect(payloadOf(await runtime.invoke('Reserved', { gateUrl: again.url }))).toEqual({ gate: 'open' });
    expect((await runtime.invoke('Disabled', {})).status).toBe('throttled');
  });

  it('queues invocations beyond the worker cap when no concurrency is reserved', async () => {
    const queueLines: string[] = [];
    const small = await createLambdaRuntime(templateModel([js('Queued', 'gate')]), { buildDir, maxConcurrency: 1, log: (line) => queueLines.push(line) });
    try {
      const first = gates.gate();
      const second = gates.gate();
      const firstRun = small.invoke('Queued', { gateUrl: first.url });
      await first.arrived;
      const secondRun = small.invoke('Queued', { gateUrl: second.url });
      first.open('one');
      await second.arrived;
      second.open('two');
      expect([payloadOf(await firstRun), payloadOf(await secondRun)]).toEqual([{ gate: 'one' }, { gate: 'two' }]);
      const reports = queueLines.filter((line) => line.startsWith('REPORT'));
      // One worker served both: only the first invocation was a cold start.
      expect(reports.map((line) => line.includes('Init Duration'))).toEqual([true, false]);
    } finally {
      await small.close();
    }
  });

  it('serves a burst with the environments already warm while cold starts wait for a slot of the gate', async () => {
    const burstLines: string[] = [];
    const burst = await createLambdaRuntime(templateModel([js('Burst', 'echo')]), { buildDir, maxConcurrentColdStarts: 1, log: (line) => burstLines.push(line) });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => burst.invoke('Burst', { i })));
      expect(results.map((result) => payloadOf(result))).toEqual(Array.from({ length: 20 }, (_, i) => expect.objectContaining({ event: { i } })));
      const coldStarts = burstLines.filter((line) => line.startsWith('REPORT') && line.includes('Init Duration'));
      // Without the gate, twenty requests start the ten environments the cap allows at once.
      expect(coldStarts.length).toBeGreaterThanOrEqual(1);
      expect(coldStarts.length).toBeLessThan(10);
    } finally {
      await burst.close();
    }
  });

  it('rejects a response over 6 MB as Lambda does', async () => {
    expect(errorOf(await runtime.invoke('Big', {}))).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });

  it('rejects a request over 6 MB before running the function', async () => {
    const error = errorOf(await runtime.invoke('Echo', { blob: 'x'.repeat(6_291_456) }));
    expect(error.errorType).toBe('RequestEntityTooLargeException');
  });

  it('warns once per template Runtime that differs from the running Node.js major, and refuses runtimes it cannot run, saying so at start', async () => {
    const warnings = lines.filter((entry) => entry.line.includes('declare Runtime nodejs18.x'));
    expect(warnings).toHaveLength(1);
    expect(payloadOf(await runtime.invoke('OldNodeTwo', {}))).toMatchObject({ functionName: 'test-OldNodeTwo' });
    expect(errorOf(await runtime.invoke('Ruby', {}))).toMatchObject({ errorType: 'InvalidRuntimeException' });
    expect(linesOf('Ruby')).toContainEqual(expect.stringMatching(/^not runnable here: The runtime parameter of ruby3\.3 is not supported by the local runtime: .*sam local invoke/));
  });

  it('reports load failures as the Lambda Node.js runtime does', async () => {
    expect(errorOf(await runtime.invoke('MissingFile', {}))).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find module 'nothere'" });
    expect(errorOf(await runtime.invoke('NotAFunction', {}))).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'handlers.notAFunction is undefined or not exported' });
    expect(errorOf(await runtime.invoke('Syntax', {}))).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
    expect(errorOf(await runtime.invoke('InitThrows', {}))).toMatchObject({ errorType: 'Error', errorMessage: 'init failed on purpose' });
    const buildError = errorOf(await runtime.invoke('BuildFails', {}));
    expect(buildError.errorType).toBe('Runtime.ImportModuleError');
    expect(buildError.errorMessage).toContain('doesNotExist');
  });

  it('bundles TypeScript with esbuild (AWS SDK included) and maps stacks to the sources', async () => {
    expect(payloadOf(await runtime.invoke('Greet', { name: 'ts' }))).toEqual({ message: 'hello ts v1' });
    expect(payloadOf(await runtime.invoke('Sdk', {}))).toEqual({ client: 'DynamoDBClient', region: 'us-east-1' });
    const error = errorOf(await runtime.invoke('TsFails', {}));
    expect(error.errorMessage).toBe('thrown from TypeScript');
    expect(error.trace?.[1]).toContain('fails.ts');
  });

  it('minifies a bundle as sam build does when the template asks for it', async () => {
    expect(payloadOf(await runtime.invoke('GreetMinified', { name: 'min' }))).toEqual({ message: 'hello min v1' });
    const [plain, minified] = await Promise.all(['Greet', 'GreetMinified'].map((id) => readFile(join(buildDir, id, 'greet.mjs'), 'utf8')));
    expect(plain).toContain('greeting');
    expect(minified).not.toContain('greeting');
  });

  it('prepare() builds functions ahead of their first invocation and reports failures', async () => {
    const prepared = await runtime.prepare(['Greet', 'BuildFails']);
    expect(prepared).toEqual([
      { functionId: 'Greet', ok: true, error: undefined },
      { functionId: 'BuildFails', ok: false, error: expect.objectContaining({ errorType: 'Runtime.ImportModuleError' }) },
    ]);
  });

  it('invokeOnce returns the result and the REPORT line', async () => {
    const model = templateModel([js('Echo', 'echo')]);
    const { result, report, logs } = await invokeOnce(model, 'Echo', { once: true }, { buildDir });
    expect((payloadOf(result) as { event: unknown }).event).toEqual({ once: true });
    expect(report).toMatch(/^REPORT RequestId: .*Init Duration: [\d.]+ ms$/);
    expect(logs[0]).toMatch(/^START RequestId: /);
  });
});
