import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../../local/runtime/index.js';
import { functionDef, jsDir, templateModel } from '../../fixtures/runtime/functionDefs.js';

describe('reserved concurrency of a fast function', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'runtime-reserved-'));
    const fast = functionDef({ logicalId: 'Fast', handler: 'handlers.echo', codeDir: jsDir, reservedConcurrency: 1 });
    runtime = await createLambdaRuntime(templateModel([fast]), { buildDir, log: () => {} });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('throttles concurrent invocations beyond ReservedConcurrentExecutions 1 even when the handler returns at once', async () => {
    // Warm: a handler this fast is one the runtime might be tempted to queue behind its busy worker.
    for (let i = 0; i < 5; i++) expect((await runtime.invoke('Fast', { warm: i })).status).toBe('ok');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runtime.invoke('Fast', { i })));
    const throttled = results.filter((result) => result.status === 'throttled');
    expect(throttled.length).toBeGreaterThan(0);
    for (const result of throttled) expect(result).toEqual({ status: 'throttled', error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' }, durationMs: 0 });
    for (const result of results.filter((result) => result.status !== 'throttled')) expect(result.status, JSON.stringify(result)).toBe('ok');
  });

  it('reports its environments and the memory they last measured (the soak attributes RSS with it)', async () => {
    expect((await runtime.invoke('Fast', { once: true })).status).toBe('ok');
    const [fast] = runtime.environments();
    expect(fast.functionId).toBe('Fast');
    expect(fast.count).toBe(1);
    expect(fast.memoryUsedMb).toBeGreaterThan(0);
  });
});
