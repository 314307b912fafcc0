/**
 * No 5xx for a client's mistake, fake Bedrock: random and malformed requests shaped by the
 * bedrock-runtime and bedrock-agent-runtime models, over real HTTP (HTTP/1.1), to every operation
 * the fake serves. Each answer must be below 500 — a refusal with `x-amzn-ErrorType` and a
 * `message` — within a bound, and the server must serve afterwards. FUZZ_RUNS / FUZZ_SEED as in
 * noServerErrorFuzz.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { loadServiceModel, type ServiceModelName } from '../../../local/validation/index.js';
import { guardrailFactory } from '../../fixtures/guardrailFactory.js';
import { requestBody } from './modelArbitraries.js';

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const REQUEST_BOUND_MS = 10_000;
const DOCUMENTS = new URL('../../../fixtures/bedrock/knowledge-base', import.meta.url).pathname;
const HAIKU = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const HEADERS = { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };

/** Model ids: served ones of each family and kind, and ids that break the model's pattern or name nothing. */
const modelId = fc.oneof(
  fc.constantFrom(HAIKU, 'us.anthropic.claude-sonnet-4-6', 'amazon.nova-lite-v1:0', 'us.meta.llama3-3-70b-instruct-v1:0', 'amazon.titan-embed-text-v2:0', 'cohere.embed-english-v3'),
  fc.string({ maxLength: 12 }),
);
const knowledgeBaseId = fc.oneof(fc.constant('KB12345678'), fc.string({ maxLength: 12 }));

/** Each served operation: its model, its path, and overrides that keep inputs near the valid ones. */
const OPERATIONS: Array<{ service: ServiceModelName; operation: string; path: fc.Arbitrary<string>; overrides?: Record<string, fc.Arbitrary<unknown>> }> = [
  ...['Converse', 'ConverseStream', 'CountTokens'].map((operation) => ({
    service: 'bedrock-runtime' as const,
    operation,
    path: modelId.map((id) => `/model/${encodeURIComponent(id)}/${operation === 'Converse' ? 'converse' : operation === 'ConverseStream' ? 'converse-stream' : 'count-tokens'}`),
  })),
  ...['InvokeModel', 'InvokeModelWithResponseStream'].map((operation) => ({
    service: 'bedrock-runtime' as const,
    operation,
    path: modelId.map((id) => `/model/${encodeURIComponent(id)}/${operation === 'InvokeModel' ? 'invoke' : 'invoke-with-response-stream'}`),
  })),
  {
    service: 'bedrock-runtime',
    operation: 'ApplyGuardrail',
    path: fc.tuple(fc.oneof(fc.constant('gr1'), fc.string({ maxLength: 8 })), fc.constantFrom('DRAFT', '1', '0', 'x')).map(([id, version]) => `/guardrail/${encodeURIComponent(id)}/version/${encodeURIComponent(version)}/apply`),
  },
  { service: 'bedrock-agent-runtime', operation: 'Retrieve', path: knowledgeBaseId.map((id) => `/knowledgebases/${encodeURIComponent(id)}/retrieve`) },
  { service: 'bedrock-agent-runtime', operation: 'RetrieveAndGenerate', path: fc.constant('/retrieveAndGenerate') },
];

/** InvokeModel bodies: family bodies with random members, random JSON, or not JSON at all. */
const invokeBody = fc.oneof(
  fc.record({ anthropic_version: fc.constantFrom('bedrock-2023-05-31', 'x'), max_tokens: fc.oneof(fc.integer({ min: -2, max: 70_000 }), fc.constant(null)), messages: fc.oneof(fc.constant([{ role: 'user', content: 'hi' }]), fc.jsonValue({ maxDepth: 3 })), system: fc.jsonValue({ maxDepth: 2 }), tools: fc.jsonValue({ maxDepth: 2 }), tool_choice: fc.jsonValue({ maxDepth: 1 }), thinking: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.record({ messages: fc.jsonValue({ maxDepth: 3 }), inferenceConfig: fc.jsonValue({ maxDepth: 2 }), system: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.record({ prompt: fc.jsonValue({ maxDepth: 1 }), max_gen_len: fc.jsonValue({ maxDepth: 1 }), inputText: fc.jsonValue({ maxDepth: 1 }), texts: fc.jsonValue({ maxDepth: 2 }), textGenerationConfig: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 30 }),
);

interface Answer {
  status: number;
  errorType: string | null;
  body: string;
}

async function post(url: string, body: string): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: HEADERS, body, signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
  return { status: response.status, errorType: response.headers.get('x-amzn-errortype'), body: await response.text() };
}

describe('no 5xx for a client mistake (fuzz): fake Bedrock', () => {
  let bedrock: RunningBedrock;

  beforeAll(async () => {
    bedrock = await startBedrockServer({
      knowledgeBaseDir: DOCUMENTS,
      guardrails: [guardrailFactory({ WordPolicyConfig: { WordsConfig: [{ Text: 'forbidden' }] } }, 'gr1')],
      lifecycleLog: () => undefined,
    });
  });

  afterAll(async () => {
    await bedrock.close();
  });

  it('every runtime and agent-runtime operation the fake serves, and the server still serves', async () => {
    // Prepare
    let requests = 0;
    // Act
    for (const { service, operation, path, overrides } of OPERATIONS) {
      const model = loadServiceModel(service);
      const body = operation.startsWith('InvokeModel') ? invokeBody : requestBody(model, operation, overrides ?? {});
      await fc.assert(
        fc.asyncProperty(path, body, async (route, payload) => {
          requests += 1;
          const answer = await post(`${bedrock.url}${route}`, payload);
          // Assess (each answer)
          const context = `${operation} ${route} ${payload.slice(0, 200)} → ${answer.status} ${answer.body.slice(0, 300)}`;
          expect(answer.status, context).toBeLessThan(500);
          if (answer.status >= 400) {
            expect(answer.errorType, context).toMatch(/^[A-Za-z]+Exception/);
            expect(typeof (JSON.parse(answer.body) as { message?: unknown }).message, context).toBe('string');
          }
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED },
      );
    }
    const after = await post(`${bedrock.url}/model/${encodeURIComponent(HAIKU)}/converse`, JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'still there?' }] }] }));
    // Assess
    console.log(`Bedrock fuzz: ${requests} requests over ${OPERATIONS.length} operations`);
    expect(after.status).toBe(200);
  });
});
