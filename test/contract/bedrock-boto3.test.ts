import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../local/bedrock/index.js';

const run = promisify(execFile);
const SCRIPT = new URL('./bedrock/boto3_client.py', import.meta.url).pathname;
const ENV = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };

interface Boto3Result {
  converse: { text: string; stopReason: string; usage: { inputTokens: number; outputTokens: number; totalTokens: number }; latencyMs: number };
  converse_stream: { eventTypes: string[]; text: string; stopReason: string; usage: { outputTokens: number } };
  invoke_model_with_response_stream: { chunkTypes: string[]; text: string };
  error: { code: string; message: string; status: number } | null;
  stream_error: { code: string } | null;
}

describe('boto3 against the fake Bedrock (HTTP/1.1, strict SigV4)', () => {
  let bedrock: RunningBedrock;
  let result: Boto3Result;
  beforeAll(async () => {
    bedrock = await startBedrockServer({
      signature: 'strict',
      fixtures: [{ match: { lastUserMessage: 'break the stream' }, respond: { text: 'one two three four five' }, fault: { fault: 'midStreamException', afterTokens: 2 } }],
    });
    const { stdout } = await run('python3', [SCRIPT, bedrock.url], { env: ENV, timeout: 60_000 });
    result = JSON.parse(stdout) as Boto3Result;
  }, 90_000);
  afterAll(async () => {
    await bedrock.close();
  });

  it('converse', () => {
    expect(result.converse.text).toContain('Hello from boto3');
    expect(result.converse.stopReason).toBe('end_turn');
    expect(result.converse.usage.totalTokens).toBe(result.converse.usage.inputTokens + result.converse.usage.outputTokens);
  });

  it('converse_stream', () => {
    expect(result.converse_stream.eventTypes[0]).toBe('messageStart');
    expect(result.converse_stream.eventTypes.slice(-2)).toEqual(['messageStop', 'metadata']);
    expect(result.converse_stream.text).toContain('Hello from boto3');
    expect(result.converse_stream.usage.outputTokens).toBeGreaterThan(0);
  });

  it('invoke_model_with_response_stream', () => {
    expect(result.invoke_model_with_response_stream.chunkTypes[0]).toBe('message_start');
    expect(result.invoke_model_with_response_stream.chunkTypes.at(-1)).toBe('message_stop');
    expect(result.invoke_model_with_response_stream.text).toContain('Stream from boto3');
  });

  it('typed errors, before and during a stream', () => {
    expect(result.error).toEqual({ code: 'ValidationException', message: 'The provided model identifier is invalid.', status: 400 });
    expect(result.stream_error).toEqual({ code: 'modelStreamErrorException' });
  });
});
