import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../local/bedrock/index.js';

const run = promisify(execFile);
const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
};
const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

describe('AWS CLI against the fake Bedrock (strict SigV4)', () => {
  let bedrock: RunningBedrock;
  let dir: string;
  const aws = (...args: string[]) => run('aws', ['bedrock-runtime', ...args, '--endpoint-url', bedrock.url, '--region', 'us-east-1', '--output', 'json'], { env: ENV, timeout: 60_000 });

  beforeAll(async () => {
    bedrock = await startBedrockServer({ signature: 'strict' });
    dir = mkdtempSync(join(tmpdir(), 'bedrock-cli-'));
  });
  afterAll(async () => {
    await bedrock.close();
  });

  it('converse', async () => {
    const { stdout } = await aws('converse', '--model-id', MODEL, '--messages', JSON.stringify([{ role: 'user', content: [{ text: 'Hello from the CLI' }] }]), '--inference-config', '{"maxTokens": 40}');
    const answer = JSON.parse(stdout) as { output: { message: { content: Array<{ text: string }> } }; stopReason: string; usage: { outputTokens: number } };
    expect(answer.output.message.content[0].text).toContain('Hello from the CLI');
    expect(['end_turn', 'max_tokens']).toContain(answer.stopReason);
    expect(answer.usage.outputTokens).toBeGreaterThan(0);
  }, 60_000);

  it('invoke-model', async () => {
    const bodyFile = join(dir, 'body.json');
    const outFile = join(dir, 'out.json');
    writeFileSync(bodyFile, JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 30, messages: [{ role: 'user', content: 'Invoke from the CLI' }] }));
    const { stdout } = await aws('invoke-model', '--model-id', MODEL, '--body', `fileb://${bodyFile}`, '--content-type', 'application/json', outFile);
    expect((JSON.parse(stdout) as { contentType: string }).contentType).toBe('application/json');
    const answer = JSON.parse(readFileSync(outFile, 'utf8')) as { type: string; content: Array<{ text: string }> };
    expect(answer.type).toBe('message');
    expect(answer.content[0].text).toContain('Invoke from the CLI');
  }, 60_000);

  it('reports Bedrock errors by their code', async () => {
    const failure = await aws('converse', '--model-id', 'no.such-model', '--messages', JSON.stringify([{ role: 'user', content: [{ text: 'x' }] }])).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect((failure as { code: number }).code).not.toBe(0);
    expect((failure as { stderr: string }).stderr).toContain('ValidationException');
    expect((failure as { stderr: string }).stderr).toContain('The provided model identifier is invalid.');
  }, 60_000);
});
