import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

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
