import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';

/** An unmodified SDK client pointed at the fake with fake static credentials (HTTP/2, as by default). */
export function sdkClient(url: string, maxAttempts = 1): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts,
  });
}

export const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

/**
 * A fake Bedrock and an SDK client for one test file, started before its tests and closed after.
 *
 * @example
 * const fake = fakeBedrockWithClient();
 * it('…', async () => { await fake.client.send(…); });
 */
export function fakeBedrockWithClient(options: Parameters<typeof startBedrockServer>[0] = {}): { readonly bedrock: RunningBedrock; readonly client: BedrockRuntimeClient } {
  let bedrock: RunningBedrock | undefined;
  let client: BedrockRuntimeClient | undefined;
  beforeAll(async () => {
    bedrock = await startBedrockServer(options);
    client = sdkClient(bedrock.url);
  });
  afterAll(async () => {
    client?.destroy();
    await bedrock?.close();
  });
  return {
    get bedrock() {
      return bedrock!;
    },
    get client() {
      return client!;
    },
  };
}
