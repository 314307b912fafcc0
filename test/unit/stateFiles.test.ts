/**
 * A damaged state file under `.local/` is reported with its path and what to do, never replaced
 * silently (a truncated secrets.json used to regenerate the API key without a word).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLocalSecrets } from '../../local/auth/localSecrets.js';
import { readEndpointsFile, writeEndpointsFile } from '../../local/stack/endpointsFile.js';
import { readSnapshot } from '../../local/sqs/index.js';
import { StateFileError } from '../../local/stateFile.js';
import { StepFunctionsStore } from '../../local/stepfunctions/store/StepFunctionsStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'state-files-'));
  dirs.push(dir);
  return dir;
}

async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
  return action().then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('state files', () => {
  it('refuses a truncated secrets.json, naming it and what to do, and leaves it as it was', async () => {
    // Prepare
    const dir = tempDir();
    const first = await loadLocalSecrets(dir);
    const file = join(dir, 'secrets.json');
    const truncated = readFileSync(file, 'utf8').slice(0, 30);
    writeFileSync(file, truncated);

    // Act
    const error = await failureOf(() => loadLocalSecrets(dir));

    // Assess
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain(`${file} is damaged`);
    expect((error as Error).message).toMatch(/delete it to generate new ones/);
    expect(readFileSync(file, 'utf8')).toBe(truncated);
    expect(first.apiKey).toBeTruthy();
  });

  it('keeps secrets across loads and writes them with mode 600, leaving no temporary file', async () => {
    const dir = tempDir();
    const first = await loadLocalSecrets(dir);
    expect(await loadLocalSecrets(dir)).toEqual(first);
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('reports a damaged endpoints.json with what to do', async () => {
    const file = join(tempDir(), 'endpoints.json');
    await writeEndpointsFile(file, { region: 'us-east-1', api: 'http://127.0.0.1:3000' });
    expect(await readEndpointsFile(file)).toMatchObject({ api: 'http://127.0.0.1:3000' });
    writeFileSync(file, '{"region": "us-');
    const error = await failureOf(() => readEndpointsFile(file));
    expect((error as Error).message).toMatch(new RegExp(`${file} is damaged .*restart it`));
  });

  it('reports a truncated SQS snapshot instead of failing with a bare JSON error', () => {
    const file = join(tempDir(), 'messages.json');
    writeFileSync(file, '{"version":1,"queues":[{"Queue');
    expect(() => readSnapshot(file)).toThrow(StateFileError);
    expect(() => readSnapshot(file)).toThrow(new RegExp(`${file} is damaged .*Move the sqs folder aside`));
  });

  it('reports a damaged Step Functions record instead of skipping it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'executions', 'M'), { recursive: true });
    const file = join(dir, 'executions', 'M', 'run.json');
    writeFileSync(file, '{"executionArn":"arn:aws:states:us-east-1:000000000000:execution:M:run","hist');
    const error = await failureOf(() => StepFunctionsStore.open(dir));
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain(`${file} is damaged`);
  });
});
