import {
  BedrockAgentRuntimeClient,
  ResourceNotFoundException,
  RetrieveAndGenerateCommand,
  RetrieveCommand,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';

const DOCUMENTS = new URL('../../../fixtures/bedrock/knowledge-base', import.meta.url).pathname;

describe('fake Bedrock knowledge bases (agent runtime)', () => {
  let bedrock: RunningBedrock;
  let client: BedrockAgentRuntimeClient;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ knowledgeBaseDir: DOCUMENTS });
    client = new BedrockAgentRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
  });

  it('retrieves the most similar chunks, with locations and scores', async () => {
    const result = await client.send(
      new RetrieveCommand({ knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'How many days do I have to return an item for a refund?' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } } }),
    );
    expect(result.retrievalResults).toHaveLength(2);
    expect(result.retrievalResults?.[0].location?.s3Location?.uri).toBe('s3://local-knowledge-base/KB12345678/returns-policy.md');
    expect(result.retrievalResults?.[0].content?.text).toContain('30 days');
    expect(result.retrievalResults?.[0].score).toBeGreaterThan(result.retrievalResults?.[1].score ?? 1);
  });

  it('retrieves and generates an answer with citations', async () => {
    const result = await client.send(
      new RetrieveAndGenerateCommand({
        input: { text: 'How long does express shipping take?' },
        retrieveAndGenerateConfiguration: {
          type: 'KNOWLEDGE_BASE',
          knowledgeBaseConfiguration: { knowledgeBaseId: 'KB12345678', modelArn: 'arn:aws:bedrock:us-east-1::inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0' },
        },
      }),
    );
    expect(result.sessionId).toBeTypeOf('string');
    const first = result.citations?.[0];
    expect(first?.retrievedReferences?.[0].location?.s3Location?.uri).toContain('shipping.md');
    const span = first?.generatedResponsePart?.textResponsePart?.span;
    expect(result.output?.text?.slice(span?.start, (span?.end ?? 0) + 1)).toBe(first?.generatedResponsePart?.textResponsePart?.text);
  });

  it('answers ResourceNotFoundException when there are no documents', async () => {
    const empty = await startBedrockServer();
    const other = new BedrockAgentRuntimeClient({ region: 'us-east-1', endpoint: empty.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
    const error = await other.send(new RetrieveCommand({ knowledgeBaseId: 'KBMISSING1', retrievalQuery: { text: 'x' } })).catch((caught: unknown) => caught);
    other.destroy();
    await empty.close();
    expect(error).toBeInstanceOf(ResourceNotFoundException);
  });
});
