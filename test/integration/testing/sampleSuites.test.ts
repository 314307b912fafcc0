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

/** Runs a suite with its own vitest config (the folder's) in a vitest of its own; its exit code and output. */
async function runSuite(dir: string): Promise<{ code: number; out: string }> {
  const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
  const config = path.join(root, 'test/fixtures/testing/sampleSuite.config.ts');
  const env = { ...process.env, GENAI_KIT_SAMPLE: path.join(root, dir), VITEST: undefined, VITEST_WORKER_ID: undefined, VITEST_POOL_ID: undefined };
  try {
    const { stdout, stderr } = await run(process.execPath, [vitest, 'run', '--config', config, '--configLoader', 'runner', '--reporter', 'verbose'], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stripVTControlCharacters(`${stdout}${stderr}`) };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? 1, out: stripVTControlCharacters(`${stdout ?? ''}${stderr ?? ''}`) };
  }
}

async function runSample(sample: string): Promise<string> {
  const { code, out } = await runSuite(path.join('examples/testing', sample));
  if (code !== 0) throw new Error(`the ${sample} sample suite failed:\n${out}`);
  return out;
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

  it('a suite replaying recordings that lack a request fails the run at teardown, naming the request', async () => {
    const { code, out } = await runSuite('test/fixtures/testing/replay-miss');
    expect(out).toMatch(/Tests {2}1 passed \(1\)/);
    expect(out).toMatch(/ReplayMissError: the fake Bedrock replaying .*models\.json had no recording of 1 request\(s\):\n {2}Converse .* "Summarise this order: 1 × globe"/);
    expect(code).toBe(1);
  }, 180_000);
});
