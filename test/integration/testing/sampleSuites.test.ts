/**
 * The sample suites of examples/testing/ (another team's JS app, the Python example app) pass as
 * written, each run by vitest with its own config and its own shared stack.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

async function runSample(sample: string): Promise<string> {
  const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
  const config = path.join(root, 'test/fixtures/testing/sampleSuite.config.ts');
  try {
    const { stdout } = await run(process.execPath, [vitest, 'run', '--config', config, '--configLoader', 'runner', '--reporter', 'verbose'], {
      cwd: root,
      env: { ...process.env, GENAI_KIT_SAMPLE: path.join(root, 'examples/testing', sample), VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stripVTControlCharacters(stdout);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the ${sample} sample suite failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

describe('sample suites (examples/testing)', () => {
  it('js-app: another team\'s Node.js function and queue', async () => {
    const out = await runSample('js-app');
    expect(out).toMatch(/Tests {2}3 passed \(3\)/);
  }, 180_000);

  it('python-chat: the Python example app', async () => {
    const out = await runSample('python-chat');
    expect(out).toMatch(/Tests {2}4 passed \(4\)/);
  }, 180_000);
});
