/**
 * Model calls of the embedded fake Bedrock on the console's feed: a streamed answer carries its
 * time to first token (for a guarded stream, when its text went out), and a call made while one
 * function runs names that function.
 */
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer } from '../../../local/bedrock/index.js';
import { ConsoleFeed, FEED_SHAPES, FeedRecorder, type ModelCallView } from '../../../local/console/index.js';
import { guardrailFactory } from '../../fixtures/guardrailFactory.js';

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
    // Each piece of text with when it left: the first at the first token, in order, adding up to the answer.
    const answerText = (view.answer as { message: { content: { text: string }[] } }).message.content[0]!.text;
    expect(view.streamPace![0]![0]).toBe(view.timeToFirstTokenMs);
    expect(view.streamPace!.map(([at]) => at)).toEqual([...view.streamPace!.map(([at]) => at)].sort((a, b) => a - b));
    expect(view.streamPace!.reduce((sum, [, characters]) => sum + characters, 0)).toBe(answerText.length);
    expect(view.outputTokens).toBeGreaterThan(0);
    expect(view.estimatedCostUsd).toBeGreaterThan(0);
  });
});

describe('time to first token of guarded streams', () => {
  const guardrail = guardrailFactory();
  const TOKENS_PER_SECOND = 50;
  const ANSWER = 'Queues decouple producers from consumers so that each side can scale, fail and recover on its own schedule without losing work.';
  let bedrock: Awaited<ReturnType<typeof startBedrockServer>>;
  let client: BedrockRuntimeClient;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ port: 0, firstTokenDelayMs: 0, tokensPerSecond: TOKENS_PER_SECOND, guardrails: [guardrail], fixtures: [{ match: { lastUserMessage: 'about queues' }, respond: { text: ANSWER } }] });
    client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await bedrock?.close();
  });

  const streamed = async (text: string) => {
    const answer = await client.send(
      new ConverseStreamCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages: [{ role: 'user', content: [{ text }] }], guardrailConfig: { guardrailIdentifier: guardrail.id, guardrailVersion: 'DRAFT' } }),
    );
    for await (const _event of answer.stream ?? []) {
      // drained
    }
    return bedrock.service.log.list().at(-1)!;
  };

  it('counts a sync-mode guarded stream from when its held text goes out, not from when the model wrote it', async () => {
    const record = await streamed('Tell me about queues');
    const outputTokens = record.usage?.outputTokens ?? 0;
    expect(outputTokens).toBeGreaterThan(10);
    // The paced model writes a token every 1000/TOKENS_PER_SECOND ms; the guardrail sends the text only once all of it is assessed.
    expect(record.timeToFirstTokenMs).toBeGreaterThanOrEqual(((outputTokens - 1) * 1000) / TOKENS_PER_SECOND - 5);
    // One piece: the whole assessed answer at once.
    expect(record.streamPace).toEqual([[record.timeToFirstTokenMs, ANSWER.length]]);
  });

  it('gives a blocked input its time to first token (the blocked-input message)', async () => {
    const record = await streamed('You are an idiot');
    expect(record.stopReason).toBe('guardrail_intervened');
    expect(record.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });
});
