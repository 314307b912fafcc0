import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../../local/runtime/index.js';
import type { FunctionDef } from '../../../local/template/model.js';
import { functionDef, pythonDir, templateModel } from '../../fixtures/runtime/functionDefs.js';
import { errorOf, payloadOf, runtimeLines } from '../../fixtures/runtime/invokeResults.js';

const badDir = join(pythonDir, 'bad');
const py = (logicalId: string, handler: string, extra: Partial<FunctionDef> = {}) => functionDef({ logicalId, handler, codeDir: pythonDir, runtime: 'python3.12', ...extra });

interface EchoPayload {
  event: unknown;
  invocations_in_this_process: number;
  pid: number;
  cwd: string;
  context: Record<string, unknown>;
  env: Record<string, string | null>;
}

describe('Python functions behind the Lambda Runtime API', () => {
  let runtime: LocalLambdaRuntime;
  let scratch: string;
  const { log, linesOf } = runtimeLines();

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'python-runtime-'));
    await cp(pythonDir, join(scratch, 'reload'), { recursive: true });
    await mkdir(join(scratch, 'built', '.aws-sam', 'build', 'Built'), { recursive: true });
    await writeFile(join(scratch, 'built', '.aws-sam', 'build', 'Built', 'app.py'), 'def handler(event, context):\n    return "from the sam build artifact"\n');
    await writeFile(join(scratch, 'built', 'app.py'), 'def handler(event, context):\n    return "from CodeUri"\n');
    const model = templateModel([
      py('Echo', 'handlers.echo', { environment: { ONLY_HERE: 'yes' }, memorySize: 256 }),
      py('Logs', 'handlers.logs'),
      py('JsonLogs', 'json_logs.handler', { logging: { format: 'JSON', applicationLogLevel: 'WARN' } }),
      py('Raises', 'handlers.raises'),
      py('Unserialisable', 'handlers.unserialisable'),
      py('Numbers', 'handlers.numbers'),
      py('Exits', 'handlers.exits'),
      py('Hangs', 'handlers.hangs', { timeout: 1 }),
      py('Big', 'handlers.big'),
      py('Sleeps', 'handlers.sleeps', { reservedConcurrency: 1 }),
      py('Package', 'pkg.sub.handler'),
      py('Nested', 'nested/dir/mod.handler'),
      py('MissingModule', 'nothere.handler'),
      py('MissingHandler', 'handlers.nothere'),
      py('Malformed', 'handlers'),
      py('Syntax', 'syntax_error.handler', { codeDir: badDir }),
      py('InitRaises', 'import_raises.handler', { codeDir: badDir }),
      py('Requirements', 'ok.handler', { codeDir: badDir }),
      py('Reload', 'handlers.echo', { codeDir: join(scratch, 'reload') }),
    ]);
    runtime = await createLambdaRuntime(model, { buildDir: join(scratch, 'build'), watch: true, log });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('runs a handler warm with the context and environment Lambda gives it', async () => {
    const first = payloadOf(await runtime.invoke('Echo', { hello: 'world' })) as EchoPayload;
    const second = payloadOf(await runtime.invoke('Echo', {})) as EchoPayload;

    expect(first.event).toEqual({ hello: 'world' });
    expect(second.pid).toBe(first.pid);
    expect(second.invocations_in_this_process).toBe(2);
    expect(first.cwd).toBe(pythonDir.replace(/\/$/, ''));
    expect(first.context).toMatchObject({
      function_name: 'test-Echo',
      function_version: '$LATEST',
      invoked_function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:test-Echo',
      memory_limit_in_mb: '256',
      log_group_name: '/aws/lambda/test-Echo',
      log_stream_name: expect.stringMatching(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/),
      aws_request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      client_context: null,
    });
    expect(first.context.remaining_ms).toBeGreaterThan(2_000);
    expect(first.context.remaining_ms).toBeLessThanOrEqual(3_000);
    expect(first.env).toMatchObject({ _HANDLER: 'handlers.echo', AWS_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'test-Echo', AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12', ONLY_HERE: 'yes' });
    expect(first.env._X_AMZN_TRACE_ID).toMatch(/^Root=1-/);
  });

  it('writes START, END and REPORT with Init Duration and the process memory', async () => {
    const reports = linesOf('Echo').filter((line) => line.startsWith('REPORT'));

    expect(reports[0]).toMatch(/Memory Size: 256 MB\tMax Memory Used: [1-9]\d* MB\tInit Duration: [\d.]+ ms$/);
    expect(reports[1]).not.toContain('Init Duration');
  });

  it("formats logging lines with the request id as Lambda's Python runtime does, and leaves print lines as they are", async () => {
    payloadOf(await runtime.invoke('Logs', { who: 'tester' }));

    const logs = linesOf('Logs');
    const requestId = /START RequestId: (\S+)/.exec(logs.find((line) => line.startsWith('START'))!)![1];
    expect(logs).toContain('a plain print line');
    expect(logs.indexOf('a plain print line')).toBeLessThan(logs.findIndex((line) => line.startsWith('END')));
    expect(logs).toContainEqual(expect.stringMatching(new RegExp(`^\\[INFO\\]\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\tan info line for tester$`)));
    expect(logs).toContainEqual(expect.stringMatching(new RegExp(`^\\[WARNING\\]\\t\\S+\\t${requestId}\\ta warning line$`)));
  });

  it('writes JSON log records at the LoggingConfig level when the template asks for JSON logs', async () => {
    payloadOf(await runtime.invoke('JsonLogs', { who: 'tester' }));

    const records = linesOf('JsonLogs')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([expect.objectContaining({ level: 'WARNING', message: 'a warning line', logger: 'app', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
    expect(linesOf('JsonLogs').join('\n')).not.toContain('an info line');
  });

  it("reports a raised exception in Lambda's Python shape, trace included, and keeps the environment", async () => {
    const error = errorOf(await runtime.invoke('Raises', {}));

    expect(error).toMatchObject({ errorType: 'ValueError', errorMessage: 'the handler failed on purpose' });
    expect(error.trace?.join('')).toContain('handlers.py", line');
    expect(linesOf('Raises')).toContain('[ERROR] ValueError: the handler failed on purpose');
    expect(payloadOf(await runtime.invoke('Echo', {}))).toBeDefined();
  });

  it('fails an unserialisable result with Runtime.MarshalError and serialises Decimal and Unicode as Lambda does', async () => {
    expect(errorOf(await runtime.invoke('Unserialisable', {}))).toMatchObject({ errorType: 'Runtime.MarshalError', errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable' });
    expect(payloadOf(await runtime.invoke('Numbers', {}))).toEqual({ price: 12.5, text: 'déjà vu', raw: [1, 2.5] });
  });

  it('turns a process that exits into Runtime.ExitError and one that hangs into a timeout; the next call gets a fresh process', async () => {
    expect(errorOf(await runtime.invoke('Exits', {}))).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: expect.stringMatching(/Runtime exited with error: exit status 2$/) });
    const hang = await runtime.invoke('Hangs', {});
    expect(hang.status).toBe('timeout');
    expect(errorOf(hang).errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    expect((await runtime.invoke('Hangs', {})).status).toBe('timeout');
    expect(linesOf('Hangs').filter((line) => line.includes('Init Duration'))).toHaveLength(2);
  });

  it('refuses a result over 6 MB with Function.ResponseSizeTooLarge', async () => {
    expect(errorOf(await runtime.invoke('Big', {})).errorType).toBe('Function.ResponseSizeTooLarge');
  });

  it('throttles beyond reserved concurrency', async () => {
    const results = await Promise.all([runtime.invoke('Sleeps', { seconds: 0.5 }), runtime.invoke('Sleeps', { seconds: 0.5 })]);

    expect(results.map((result) => result.status).sort()).toEqual(['ok', 'throttled']);
  });

  it('resolves handlers in packages and in directories as Lambda does', async () => {
    expect(payloadOf(await runtime.invoke('Package', {}))).toEqual({ module: 'pkg.sub' });
    expect(payloadOf(await runtime.invoke('Nested', {}))).toEqual({ module: 'nested.dir.mod' });
  });

  it("reports init failures with Lambda's Python error types", async () => {
    expect(errorOf(await runtime.invoke('MissingModule', {}))).toMatchObject({ errorType: 'Runtime.ImportModuleError', errorMessage: "Unable to import module 'nothere': No module named 'nothere'" });
    expect(errorOf(await runtime.invoke('MissingHandler', {}))).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: "Handler 'nothere' missing on module 'handlers'" });
    expect(errorOf(await runtime.invoke('Malformed', {}))).toMatchObject({ errorType: 'Runtime.MalformedHandlerName', errorMessage: "Bad handler 'handlers': not enough values to unpack (expected 2, got 1)" });
    expect(errorOf(await runtime.invoke('Syntax', {}))).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError', errorMessage: expect.stringContaining("Syntax error in module 'syntax_error'") });
    expect(errorOf(await runtime.invoke('InitRaises', {}))).toMatchObject({ errorType: 'RuntimeError', errorMessage: 'init failed on purpose' });
  });

  it('says at start which requirements the interpreter cannot import, and installs nothing', () => {
    const warnings = linesOf('Requirements').filter((line) => line.includes('requirements.txt'));

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('cannot import: definitely-not-installed-package.');
    expect(warnings[0]).not.toContain('boto3');
  });

  it('uses the sam build artifact next to the template when there is one', async () => {
    const templateDir = join(scratch, 'built');
    const built = await createLambdaRuntime(templateModel([py('Built', 'app.handler', { codeDir: templateDir })], templateDir), {
      buildDir: join(scratch, 'build'),
      log,
    });
    try {
      expect(payloadOf(await built.invoke('Built', {}))).toBe('from the sam build artifact');
      expect(linesOf('Built')).toContainEqual(expect.stringContaining('using the sam build artifact'));
    } finally {
      await built.close();
    }
  });

  it('replaces the environments of a function whose code changed, not those of others', async () => {
    const before = payloadOf(await runtime.invoke('Reload', {})) as EchoPayload;
    const echoBefore = payloadOf(await runtime.invoke('Echo', {})) as EchoPayload;
    await writeFile(join(scratch, 'reload', 'handlers.py'), 'def echo(event, context):\n    return {"version": 2}\n');

    await expect.poll(() => linesOf('Reload').some((line) => line.startsWith('Reloaded Reload')), { timeout: 5_000 }).toBe(true);
    expect(payloadOf(await runtime.invoke('Reload', {}))).toEqual({ version: 2 });
    expect((payloadOf(await runtime.invoke('Echo', {})) as EchoPayload).pid).toBe(echoBefore.pid);
    expect(before.pid).toBeGreaterThan(0);
  });
});
