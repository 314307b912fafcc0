import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../../local/runtime/index.js';
import { functionDef, templateModel, tsDir } from '../../fixtures/runtime/functionDefs.js';
import { GateServer } from '../../fixtures/runtime/GateServer.js';

/** A handler with module state that can wait at a gate. */
const counterSource = (version: number) =>
  `let n = 0;\nexport const handler = async (event) => {\n  if (event.gateUrl) await fetch(event.gateUrl);\n  return { version: ${version}, invocations: ++n };\n};\n`;

describe('hot reload in the local Lambda runtime', () => {
  let workDir: string;
  let runtime: LocalLambdaRuntime;
  let gates: GateServer;
  const reloads = new Map<string, (ok: boolean) => void>();
  /** Resolves after the next rebuild of `functionId` (set up before changing a file). */
  const nextReload = (functionId: string) => new Promise<boolean>((resolve) => reloads.set(functionId, resolve));

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'runtime-reload-'));
    gates = new GateServer();
    await gates.listen();
    await cp(tsDir, join(workDir, 'ts'), { recursive: true });
    await writeFile(join(workDir, 'counter.mjs'), counterSource(1));
    runtime = await createLambdaRuntime(
      templateModel(
        [
          functionDef({ logicalId: 'Greet', handler: 'greet.handler', codeDir: join(workDir, 'ts'), build: { method: 'esbuild', entryPoints: ['greet.ts'] } }),
          functionDef({ logicalId: 'Counter', handler: 'counter.handler', codeDir: workDir }),
        ],
        workDir,
      ),
      {
        buildDir: join(workDir, '.local', 'build'),
        watch: true,
        log: () => {},
        onReload: (functionId, result) => reloads.get(functionId)?.(result.ok),
      },
    );
  });

  afterAll(async () => {
    await runtime?.close();
    await gates?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('rebuilds TypeScript on change and the next invocation runs the new code', async () => {
    expect(await runtime.invoke('Greet', { name: 'dev' })).toMatchObject({ status: 'ok', payload: { message: 'hello dev v1' } });
    const reloaded = nextReload('Greet');
    await writeFile(join(workDir, 'ts', 'greeting.ts'), 'export const greeting = (name: string): string => `hi ${name} v2`;\n');
    expect(await reloaded).toBe(true);
    expect(await runtime.invoke('Greet', { name: 'dev' })).toMatchObject({ status: 'ok', payload: { message: 'hi dev v2' } });
  });

  it('keeps warm workers between requests and reloads plain JavaScript only on change', async () => {
    expect(await runtime.invoke('Counter', {})).toMatchObject({ payload: { version: 1, invocations: 1 } });
    expect(await runtime.invoke('Counter', {})).toMatchObject({ payload: { version: 1, invocations: 2 } });
    const reloaded = nextReload('Counter');
    await writeFile(join(workDir, 'counter.mjs'), counterSource(2));
    expect(await reloaded).toBe(true);
    expect(await runtime.invoke('Counter', {})).toMatchObject({ payload: { version: 2, invocations: 1 } });
  });

  it('lets a busy worker finish on the old code and retires it afterwards', async () => {
    const gate = gates.gate();
    const inFlight = runtime.invoke('Counter', { gateUrl: gate.url });
    await gate.arrived;
    const reloaded = nextReload('Counter');
    await writeFile(join(workDir, 'counter.mjs'), counterSource(3));
    expect(await reloaded).toBe(true);
    gate.open();
    expect(await inFlight).toMatchObject({ payload: { version: 2 } });
    expect(await runtime.invoke('Counter', {})).toMatchObject({ payload: { version: 3, invocations: 1 } });
  });

  it('reports a broken change as a build error, then recovers when it is fixed', async () => {
    const broken = nextReload('Greet');
    await writeFile(join(workDir, 'ts', 'greeting.ts'), 'export const greeting = (name: string): string => `oops ${name}`\nexport const = 1;\n');
    expect(await broken).toBe(false);
    expect(await runtime.invoke('Greet', {})).toMatchObject({ status: 'error', error: { errorType: 'Runtime.ImportModuleError' } });
    const fixed = nextReload('Greet');
    await writeFile(join(workDir, 'ts', 'greeting.ts'), 'export const greeting = (name: string): string => `fixed ${name}`;\n');
    expect(await fixed).toBe(true);
    expect(await runtime.invoke('Greet', { name: 'dev' })).toMatchObject({ status: 'ok', payload: { message: 'fixed dev' } });
  });
});
