/**
 * Every runtime and agent-runtime operation checks its input against AWS's service model first:
 * all violations in AWS's wording, list positions from 1, `ValidationException` 400 (or
 * `SerializationException` 400 for a wrong JSON type) parsed by the SDK as its modelled class.
 */
import { BedrockAgentRuntimeClient, RetrieveAndGenerateCommand, RetrieveCommand, ValidationException as AgentValidationException } from '@aws-sdk/client-bedrock-agent-runtime';
import { ApplyGuardrailCommand, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand, ValidationException, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { guardrailFactory } from '../../fixtures/guardrailFactory.js';
import { HAIKU, sdkClient } from './sdkClient.js';

const DOCUMENTS = new URL('../../../fixtures/bedrock/knowledge-base', import.meta.url).pathname;
const SIGNED = { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };

describe('fake Bedrock validates every operation against the service models', () => {
  let bedrock: RunningBedrock;
  let client: ReturnType<typeof sdkClient>;
  let agent: BedrockAgentRuntimeClient;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ knowledgeBaseDir: DOCUMENTS, guardrails: [guardrailFactory({}, 'gr1')] });
    client = sdkClient(bedrock.url);
    agent = new BedrockAgentRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    agent.destroy();
    await bedrock.close();
  });

  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ValidationException);

  it('Converse lists every violation, counting list positions from 1', async () => {
    // Prepare
    const input = {
      modelId: HAIKU,
      messages: [
        { role: 'user', content: [{ text: 'a' }, { image: { format: 'tiff', source: { bytes: new Uint8Array([1]) } } }] },
      ],
      inferenceConfig: { maxTokens: 0, temperature: 3 },
    } as unknown as ConverseCommandInput;
    // Act
    const error = await failure(client.send(new ConverseCommand(input)));
    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.$metadata.httpStatusCode).toBe(400);
    expect(error?.message).toBe(
      "3 validation errors detected: Value 'tiff' at 'messages.1.member.content.2.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]; " +
        "Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '3' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1",
    );
  });

  it('ConverseStream refuses a content block that sets no member and a tool name off the pattern', async () => {
    // Act
    const error = await failure(
      client.send(
        new ConverseStreamCommand({
          modelId: HAIKU,
          messages: [{ role: 'user', content: [{ text: 'a' }, {} as never] }],
          toolConfig: { tools: [{ toolSpec: { name: 'bad name', inputSchema: { json: {} } } }] },
        }),
      ),
    );
    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.message).toMatch(/^2 validation errors detected: /);
    expect(error?.message).toContain("at 'messages.1.member.content.2.member' failed to satisfy constraint: Exactly one member must be set");
    expect(error?.message).toContain("Value 'bad name' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
  });

  it('a member of the wrong JSON type answers SerializationException 400', async () => {
    // Act
    const response = await fetch(`${bedrock.url}/model/${encodeURIComponent(HAIKU)}/converse`, { method: 'POST', headers: SIGNED, body: JSON.stringify({ messages: 'hello' }) });
    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^SerializationException/);
  });

  it('InvokeModel checks header members (trace) and CountTokens its input union', async () => {
    // Act
    const trace = await failure(client.send(new InvokeModelCommand({ modelId: HAIKU, body: '{}', trace: 'SOMETIMES' as never })));
    const union = await failure(client.send(new CountTokensCommand({ modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', input: {} as never })));
    // Assess
    expect(trace?.message).toBe("1 validation error detected: Value 'SOMETIMES' at 'trace' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_FULL]");
    expect(union).toBeInstanceOf(ValidationException);
    expect(union?.message).toContain("at 'input' failed to satisfy constraint: Exactly one member must be set");
  });

  it('ApplyGuardrail names every broken member', async () => {
    // Act
    const error = await failure(client.send(new ApplyGuardrailCommand({ guardrailIdentifier: 'gr1', guardrailVersion: '0', source: 'BOTH' as never, content: [{ text: { text: 'x' } }] })));
    // Assess
    expect(error?.message).toBe(
      "2 validation errors detected: Value '0' at 'guardrailVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (|([1-9][0-9]{0,7})|(DRAFT)); " +
        "Value 'BOTH' at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]",
    );
  });

  it('the agent runtime refuses knowledge-base ids, session ids and lengths the model forbids', async () => {
    // Act
    const kbId = await failure(agent.send(new RetrieveCommand({ knowledgeBaseId: 'KB_1', retrievalQuery: { text: 'refund' } })));
    const results = await failure(agent.send(new RetrieveCommand({ knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'refund' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 101 } } })));
    const session = await failure(
      agent.send(
        new RetrieveAndGenerateCommand({
          sessionId: 'a',
          input: { text: 'x'.repeat(20_001) },
          retrieveAndGenerateConfiguration: { type: 'KNOWLEDGE_BASE', knowledgeBaseConfiguration: { knowledgeBaseId: 'KB12345678', modelArn: HAIKU } },
        }),
      ),
    );
    // Assess
    expect(kbId).toBeInstanceOf(AgentValidationException);
    expect(kbId?.message).toBe("1 validation error detected: Value 'KB_1' at 'knowledgeBaseId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z]+$");
    expect(results?.message).toBe("1 validation error detected: Value '101' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value less than or equal to 100");
    expect(session?.message).toMatch(/^2 validation errors detected: /);
    expect(session?.message).toContain("Value at 'input.text' failed to satisfy constraint: Member must have length less than or equal to");
    expect(session?.message).toContain("Value 'a' at 'sessionId' failed to satisfy constraint: Member must have length greater than or equal to 2");
  });
});
