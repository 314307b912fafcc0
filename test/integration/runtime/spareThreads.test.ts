import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../../local/runtime/index.js';
import type { FunctionDef } from '../../../local/template/model.js';
import { functionDef, jsDir, templateModel } from '../../fixtures/runtime/functionDefs.js';
import { payloadOf } from '../../fixtures/runtime/invokeResults.js';

interface ThreadView {
  spare: boolean;
  envNames: string[];
  sourceMaps: boolean;
  loadedAt: number;
}

const thread = (logicalId: string, extra: Partial<FunctionDef> = {}) => functionDef({ logicalId, handler: 'handlers.thread', codeDir: jsDir, ...extra });

describe('threads started ahead of a cold start', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;
  const lines: { functionId: string; line: string }[] = [];
  const reportsOf = (functionId: string) => lines.filter((entry) => entry.functionId === functionId && entry.line.startsWith('REPORT')).map((entry) => entry.line);
  const invoke = async (functionId: string) => payloadOf(await runtime.invoke(functionId, {})) as ThreadView;

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'spare-threads-'));
    runtime = await createLambdaRuntime(
      templateModel([
        thread('First', { environment: { ONLY_FIRST: '1' } }),
        thread('Prepared', { memorySize: 512 }),
        thread('SourceMaps', { environment: { NODE_OPTIONS: '--enable-source-maps' } }),
        thread('OtherNodeOptions', { environment: { NODE_OPTIONS: '--no-deprecation' } }),
        thread('NodeDebug', { environment: { NODE_DEBUG: 'none' } }),
        thread('NodePath', { environment: { NODE_PATH: '/opt/nodejs/node_modules' } }),
      ]),
      { buildDir, env: { AWS_REGION: 'us-east-1' }, log: (line, functionId) => lines.push({ functionId, line }) },
    );
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  it("starts a function's first thread while its code is prepared: the thread adopts only the function env and loads the handler at the invocation", async () => {
    const before = Date.now();
    const view = await invoke('First');
    expect(view.spare).toBe(true);
    expect(view.loadedAt).toBeGreaterThanOrEqual(before);
    expect(view.envNames).toContain('ONLY_FIRST');
    expect(view.envNames).toContain('AWS_LAMBDA_FUNCTION_NAME');
    expect(view.envNames).not.toContain('HOME');
    expect(reportsOf('First')[0]).toContain('Init Duration');
  });

  it('starts the thread at prepare() (a route asks it while its authorizer runs), and the handler still loads only at the first invocation', async () => {
    await runtime.prepare(['Prepared']);
    const before = Date.now();
    const view = await invoke('Prepared');
    expect(view.spare).toBe(true);
    expect(view.loadedAt).toBeGreaterThanOrEqual(before);
  });

  it('applies NODE_OPTIONS=--enable-source-maps on such a thread as Node does on a thread started with it', async () => {
    const view = await invoke('SourceMaps');
    expect(view.spare).toBe(true);
    expect(view.sourceMaps).toBe(true);
  });

  it('starts a thread with the env for a function whose env Node reads as a thread starts', async () => {
    expect((await invoke('OtherNodeOptions')).spare).toBe(false);
    expect((await invoke('NodeDebug')).spare).toBe(false);
    expect((await invoke('NodePath')).spare).toBe(false);
  });

  it('starts every thread for its function when turned off', async () => {
    const own = await createLambdaRuntime(templateModel([thread('First')]), { buildDir, spareThreads: false, log: () => {} });
    try {
      expect((payloadOf(await own.invoke('First', {})) as ThreadView).spare).toBe(false);
    } finally {
      await own.close();
    }
  });
});
