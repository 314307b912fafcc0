/**
 * A fake Bedrock in its own process or container (compose): the console reads its inspection API
 * while someone watches, and its calls reach the feed.
 */
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBedrockServer } from '../../../local/bedrock/index.js';
import { ConsoleFeed, FEED_SHAPES, FeedRecorder, pollBedrockInvocations } from '../../../local/console/index.js';

describe('pollBedrockInvocations', () => {
  let bedrock: Awaited<ReturnType<typeof startBedrockServer>>;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ port: 0 });
  });
  afterAll(() => bedrock?.close());

  it('records the external fake\'s calls once each, only while someone watches', async () => {
    const recorder = new FeedRecorder(new ConsoleFeed(100, FEED_SHAPES));
    const stop = pollBedrockInvocations(bedrock.url, recorder);
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text: 'polled' }] }] }));
      // Nobody watches: nothing is fetched.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(recorder.feed.since()).toEqual([]);
      const unsubscribe = recorder.feed.subscribe(() => undefined);
      await vi.waitFor(() => expect(recorder.feed.since()).toHaveLength(1), { timeout: 5000 });
      const view = JSON.parse(recorder.feed.json(recorder.feed.since()[0]!)) as { type: string; data: { messages: unknown; functionId?: string } };
      expect(view.type).toBe('modelCall');
      expect(JSON.stringify(view.data.messages)).toContain('polled');
      expect(view.data.functionId).toBeUndefined();
      await client.send(new ConverseCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text: 'second' }] }] }));
      await vi.waitFor(() => expect(recorder.feed.since()).toHaveLength(2), { timeout: 5000 });
      unsubscribe();
    } finally {
      stop();
      client.destroy();
    }
  });
});
