import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { HAIKU } from './sdkClient.js';

const clientWith = (url: string, accessKeyId: string, secretAccessKey: string) =>
  new BedrockRuntimeClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
const input = { modelId: HAIKU, messages: [{ role: 'user' as const, content: [{ text: 'signed?' }] }] };

describe('fake Bedrock strict SigV4', () => {
  let bedrock: RunningBedrock;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ signature: 'strict', credentials: [{ accessKeyId: 'AKIDLOCAL', secretAccessKey: 'right-secret' }] });
  });
  afterAll(async () => {
    await bedrock.close();
  });

  it('accepts requests signed with the configured credentials (buffered and streamed)', async () => {
    const client = clientWith(bedrock.url, 'AKIDLOCAL', 'right-secret');
    const answer = await client.send(new ConverseCommand(input));
    const stream = await client.send(new ConverseStreamCommand(input));
    let stop: string | undefined;
    for await (const event of stream.stream ?? []) stop = event.messageStop?.stopReason ?? stop;
    client.destroy();
    expect(answer.stopReason).toBe('end_turn');
    expect(stop).toBe('end_turn');
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const client = clientWith(bedrock.url, 'AKIDLOCAL', 'wrong-secret');
    const error = await client.send(new ConverseCommand(input)).catch((caught: unknown) => caught);
    client.destroy();
    expect((error as Error).name).toBe('InvalidSignatureException');
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    const client = clientWith(bedrock.url, 'AKIDOTHER', 'right-secret');
    const error = await client.send(new ConverseCommand(input)).catch((caught: unknown) => caught);
    client.destroy();
    expect((error as Error).name).toBe('UnrecognizedClientException');
  });
});
