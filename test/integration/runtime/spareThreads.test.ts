import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../../local/runtime/index.js';
import { REFILL_DELAY_MS } from '../../../local/runtime/SpareThreads.js';
import type { FunctionDef, FunctionUrlDef } from '../../../local/template/model.js';
import { functionDef, jsDir, templateModel } from '../../fixtures/runtime/functionDefs.js';
import { payloadOf } from '../../fixtures/runtime/invokeResults.js';

interface ThreadView {
  spare: boolean;
  envNames: string[];
  sourceMaps: boolean;
  loadedAt: number;
}

const urlOf = (functionLogicalId: string): FunctionUrlDef => ({ functionLogicalId, invokeMode: 'BUFFERED', authType: 'NONE' });
const thread = (logicalId: string, extra: Partial<FunctionDef> = {}) => functionDef({ logicalId, handler: 'handlers.thread', codeDir: jsDir, ...extra });

describe('spare worker threads', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;
  const lines: { functionId: string; line: string }[] = [];
  const reportsOf = (functionId: string) => lines.filter((entry) => entry.functionId === functionId && entry.line.startsWith('REPORT')).map((entry) => entry.line);
  const invoke = async (functionId: string) => payloadOf(await runtime.invoke(functionId, {})) as ThreadView;

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'spare-threads-'));
    const functions = [
      thread('First', { environment: { ONLY_FIRST: '1' } }),
      thread('Second'),
      thread('Large', { memorySize: 512 }),
      thread('SourceMaps', { environment: { NODE_OPTIONS: '--enable-source-maps' } }),
      thread('OtherNodeOptions', { environment: { NODE_OPTIONS: '--no-deprecation' } }),
      thread('NodeDebug', { environment: { NODE_DEBUG: 'none' } }),
      thread('Queued', { memorySize: 1024 }),
    ];
    // Spares are kept for the functions that answer HTTP requests: here every one but Queued has a Function URL.
    const model = { ...templateModel(functions), functionUrls: functions.filter((fn) => fn.logicalId !== 'Queued').map((fn) => urlOf(fn.logicalId)) };
    runtime = await createLambdaRuntime(model, { buildDir, env: { AWS_REGION: 'us-east-1' }, log: (line, functionId) => lines.push({ functionId, line }) });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('lends a cold start the thread booted ahead, which adopts only the function env and loads the handler at the invocation', async () => {
    const before = Date.now();
    const view = await invoke('First');
    expect(view.spare).toBe(true);
    expect(view.loadedAt).toBeGreaterThanOrEqual(before);
    expect(view.envNames).toContain('ONLY_FIRST');
    expect(view.envNames).toContain('AWS_LAMBDA_FUNCTION_NAME');
    expect(view.envNames).not.toContain('HOME');
    expect(reportsOf('First')[0]).toContain('Init Duration');
  });

  it('boots another spare of the size after the cold start that took one', async () => {
    await sleep(REFILL_DELAY_MS + 500);
    expect((await invoke('Second')).spare).toBe(true);
    expect((await invoke('Large')).spare).toBe(true);
  });

  it('applies NODE_OPTIONS=--enable-source-maps on a spare as Node does on a thread started with it', async () => {
    await sleep(REFILL_DELAY_MS + 500);
    const view = await invoke('SourceMaps');
    expect(view.spare).toBe(true);
    expect(view.sourceMaps).toBe(true);
  });

  it('starts a thread of its own for a function whose env Node reads as a thread starts', async () => {
    expect((await invoke('OtherNodeOptions')).spare).toBe(false);
    expect((await invoke('NodeDebug')).spare).toBe(false);
  });

  it('keeps no spare for a size that only functions answering no HTTP request use', async () => {
    expect((await invoke('Queued')).spare).toBe(false);
  });

  it('starts every thread for its function when spare threads are turned off', async () => {
    const own = await createLambdaRuntime({ ...templateModel([thread('First')]), functionUrls: [urlOf('First')] }, { buildDir, spareThreads: false, log: () => {} });
    try {
      expect((payloadOf(await own.invoke('First', {})) as ThreadView).spare).toBe(false);
    } finally {
      await own.close();
    }
  });
});
