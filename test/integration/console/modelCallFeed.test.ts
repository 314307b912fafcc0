/**
 * Model calls of the embedded fake Bedrock on the console's feed: a streamed answer carries its
 * time to first token, and a call made while one function runs names that function.
 */
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer } from '../../../local/bedrock/index.js';
import { ConsoleFeed, FEED_SHAPES, FeedRecorder, type ModelCallView } from '../../../local/console/index.js';

const FIRST_TOKEN_DELAY_MS = 60;

describe('model calls on the feed', () => {
  let bedrock: Awaited<ReturnType<typeof startBedrockServer>>;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ port: 0, firstTokenDelayMs: FIRST_TOKEN_DELAY_MS, tokensPerSecond: 0 });
    client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await bedrock?.close();
  });

  it('records a stream with its time to first token and the function that was running', async () => {
    const recorder = new FeedRecorder(new ConsoleFeed(100, FEED_SHAPES));
    const unwatch = recorder.watchBedrock(bedrock.service.log);
    recorder.started('ChatStreamFunction');
    const answer = await client.send(new ConverseStreamCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text: 'stream it' }] }] }));
    for await (const _event of answer.stream ?? []) {
      // drained
    }
    unwatch();
    const [entry] = recorder.feed.since();
    const view = (JSON.parse(recorder.feed.json(entry!)) as { data: ModelCallView }).data;
    expect(view).toMatchObject({ operation: 'ConverseStream', functionId: 'ChatStreamFunction', status: 'ok', stopReason: 'end_turn' });
    // The fake waits FIRST_TOKEN_DELAY_MS before the first token: the measure cannot be below it.
    expect(view.timeToFirstTokenMs).toBeGreaterThanOrEqual(FIRST_TOKEN_DELAY_MS - 5);
    expect(view.timeToFirstTokenMs).toBeLessThanOrEqual(view.latencyMs);
    expect(view.outputTokens).toBeGreaterThan(0);
    expect(view.estimatedCostUsd).toBeGreaterThan(0);
  });
});
