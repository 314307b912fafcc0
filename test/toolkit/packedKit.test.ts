/**
 * The kit as another team gets it: `npm pack` of this repository (after `npm run build`), installed
 * into a fresh project outside it next to that team's app (a copy of examples/testing/js-app), whose
 * vitest suite (the sample's, and a file on the main entry point) imports `serverless-genai-kit/testing`
 * and `…/testing/vitest` and must pass, and whose
 * TypeScript must check against the package's own types. Its `genai-kit start` (the bin running the
 * bundled CLI, twice: without and then with V8's code cache) must serve the app.
 *
 * Slow (a build, an install), so it is its own vitest project, run by CI:
 *   GENAI_KIT_TOOLKIT=1 npx vitest run --project toolkit
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'packed-kit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(command: string, args: string[], cwd: string): Promise<string> {
  // No VITEST* variables: the foreign suite is its own vitest run, not a worker of this one.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024 });
    return stripVTControlCharacters(`${stdout}${stderr}`);
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** `genai-kit start --ephemeral` in `project` until its endpoints file appears; answers `POST /orders`, then stops it. */
async function startAndOrder(project: string): Promise<number> {
  const ports = ['api', 'function-url', 'bedrock', 'dynamodb', 'sqs', 'stepfunctions', 's3', 'clock', 'console'].flatMap((name) => [`--${name}-port`, '0']);
  const child = spawn(process.execPath, [path.join(project, 'node_modules/serverless-genai-kit/bin/genai-kit.mjs'), 'start', '--ephemeral', '--no-watch', '--instant', ...ports], { cwd: project, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const endpointsFile = path.join(project, '.local', `endpoints.ephemeral-${child.pid}.json`);
  try {
    while (!existsSync(endpointsFile)) {
      if (child.exitCode !== null) throw new Error(`genai-kit start exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { api } = JSON.parse(readFileSync(endpointsFile, 'utf8')) as { api: string };
    const answer = await fetch(`${api}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return answer.status;
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

describe('the packed kit in another repository', () => {
  it('installs from its tarball, and a foreign suite on serverless-genai-kit/testing passes and type-checks', async () => {
    // Prepare: build, pack, and a project with the team's app and suite.
    await run('npm', ['run', 'build'], root);
    await run('npm', ['pack', '--pack-destination', work], root);
    const tarball = path.join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    const project = path.join(work, 'their-app');
    cpSync(path.join(root, 'examples/testing/js-app'), project, { recursive: true });
    const { devDependencies } = (await import(path.join(root, 'package.json'), { with: { type: 'json' } })).default as { devDependencies: Record<string, string> };
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'their-app', private: true, type: 'module', devDependencies: { 'serverless-genai-kit': `file:${tarball}`, vitest: devDependencies.vitest, typescript: devDependencies.typescript, '@types/node': devDependencies['@types/node'] } }),
    );
    // Besides the sample's suite (…/testing/vitest), one file on the main entry point: a stack of its own, in process.
    writeFileSync(
      path.join(project, 'test/direct.test.ts'),
      [
        "import { expect, it } from 'vitest';",
        "import { NotInStackError, startStack } from 'serverless-genai-kit/testing';",
        "it('starts a stack of its own from the main entry point', async () => {",
        "  const stack = await startStack({ projectDir: new URL('..', import.meta.url).pathname });",
        "  try {",
        "    expect((await stack.api('/orders', { body: {} })).status).toBe(400);",
        "    expect(await stack.invocations('OrderFunction')).toHaveLength(1);",
        "    expect(() => stack.clients.sfn).toThrow(NotInStackError);",
        "  } finally {",
        "    await stack.stop();",
        "  }",
        "});",
      ].join('\n'),
    );
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] }, include: ['test', 'vitest.config.ts'] }),
    );

    // Act
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], project);
    const suite = await run('npx', ['vitest', 'run'], project);
    const typecheck = await run('npx', ['tsc', '-p', '.'], project);
    const cliStatuses = [await startAndOrder(project), await startAndOrder(project)];

    // Assess
    expect(suite).toMatch(/Tests {2}4 passed \(4\)/);
    expect(typecheck.trim()).toBe('');
    expect(cliStatuses).toEqual([400, 400]);
    expect(readdirSync(path.join(project, 'node_modules/.cache/genai-kit/code-cache'))).toEqual([expect.stringMatching(/^cli\.cjs-[0-9a-f]+\.bin$/)]);
  }, 600_000);
});
