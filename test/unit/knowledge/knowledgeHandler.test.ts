import { describe, expect, it } from 'vitest';
import type { RetrieveAndGenerateCommandOutput, RetrieveCommandOutput } from '@aws-sdk/client-bedrock-agent-runtime';
import type { KnowledgeBase } from '../../../src/knowledge/bedrockKnowledgeBase.js';
import { createKnowledgeHandler } from '../../../src/knowledge/knowledgeHandler.js';
import { TooManyRequestsError } from '../../../src/lib/errors.js';
import { chatEventFactory, contextFactory, silentLogger } from '../src/factories.js';

/** A knowledge base that records its calls and answers what the test sets. */
class ScriptedKnowledgeBase implements KnowledgeBase {
  readonly retrieveCalls: Array<{ question: string; maxResults?: number }> = [];
  readonly generateCalls: Array<{ question: string; modelArn: string; maxResults?: number }> = [];
  failure?: Error;

  async retrieve(question: string, maxResults: number | undefined): Promise<Omit<RetrieveCommandOutput, '$metadata'>> {
    this.retrieveCalls.push({ question, maxResults });
    if (this.failure) throw this.failure;
    return { retrievalResults: [{ content: { type: 'TEXT', text: 'Port 3000.' }, score: 0.8, location: { type: 'S3', s3Location: { uri: 's3://kb/local-stack.md' } } }] };
  }

  async retrieveAndGenerate(question: string, modelArn: string, maxResults: number | undefined): Promise<Omit<RetrieveAndGenerateCommandOutput, '$metadata'>> {
    this.generateCalls.push({ question, modelArn, maxResults });
    if (this.failure) throw this.failure;
    return {
      sessionId: 's',
      output: { text: 'The API listens on port 3000.' },
      citations: [
        {
          generatedResponsePart: { textResponsePart: { text: 'The API listens on port 3000.' } },
          retrievedReferences: [{ content: { type: 'TEXT', text: 'the API on port 3000' }, location: { type: 'S3', s3Location: { uri: 's3://kb/local-stack.md' } } }],
        },
      ],
    };
  }
}

const CHEAP = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const STRONG = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';

function setup() {
  const knowledgeBase = new ScriptedKnowledgeBase();
  const handler = createKnowledgeHandler({
    knowledgeBase,
    routing: { modelId: CHEAP, complexModelId: STRONG, complexQuestionWords: 8 },
    logger: silentLogger(),
  });
  const send = async (body: unknown, userId: string | null = 'user-1') => {
    const event = chatEventFactory(typeof body === 'string' ? body : JSON.stringify(body), userId, { path: '/knowledge/query', resource: '/knowledge/query' });
    const result = await handler(event, contextFactory());
    return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
  };
  return { knowledgeBase, send };
}

describe('POST /knowledge/query', () => {
  it('generates an answer with citations on the cheap model, as a foundation-model ARN', async () => {
    // Prepare
    const { knowledgeBase, send } = setup();
    // Act
    const response = await send({ question: 'Which port does the API use?' });
    // Assess
    expect(response).toEqual({
      status: 200,
      body: {
        answer: 'The API listens on port 3000.',
        citations: [{ text: 'The API listens on port 3000.', sources: [{ uri: 's3://kb/local-stack.md', excerpt: 'the API on port 3000' }] }],
        model: CHEAP,
      },
    });
    expect(knowledgeBase.generateCalls).toEqual([
      { question: 'Which port does the API use?', modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${CHEAP}`, maxResults: undefined },
    ]);
  });

  it('routes complex and long questions to the strong model, as an inference-profile ARN in the function account', async () => {
    const { knowledgeBase, send } = setup();
    const requested = await send({ question: 'Port?', complex: true, max_results: 3 });
    const long = await send({ question: 'one two three four five six seven eight nine' });
    expect([requested.body.model, long.body.model]).toEqual([STRONG, STRONG]);
    expect(knowledgeBase.generateCalls.map((c) => [c.modelArn, c.maxResults])).toEqual([
      [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/${STRONG}`, 3],
      [`arn:aws:bedrock:us-east-1:123456789012:inference-profile/${STRONG}`, undefined],
    ]);
  });

  it('retrieves passages in retrieve mode without calling a model', async () => {
    const { knowledgeBase, send } = setup();
    const response = await send({ question: 'port', mode: 'retrieve', max_results: 2 });
    expect(response).toEqual({ status: 200, body: { results: [{ text: 'Port 3000.', score: 0.8, uri: 's3://kb/local-stack.md' }] } });
    expect(knowledgeBase.retrieveCalls).toEqual([{ question: 'port', maxResults: 2 }]);
    expect(knowledgeBase.generateCalls).toEqual([]);
  });

  it('answers 400 for bad input and 401 without an authorizer identity, calling nothing', async () => {
    const { knowledgeBase, send } = setup();
    expect(await send({ question: '' })).toEqual({ status: 400, body: { message: '"question" must not be empty' } });
    expect((await send({ question: 'q', mode: 'summarise' })).status).toBe(400);
    expect(await send({ question: 'q' }, null)).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect([...knowledgeBase.retrieveCalls, ...knowledgeBase.generateCalls]).toEqual([]);
  });

  it('answers the HTTP error of a failed knowledge-base call, and 500 for anything else', async () => {
    const { knowledgeBase, send } = setup();
    knowledgeBase.failure = new TooManyRequestsError('retry later');
    expect(await send({ question: 'q' })).toEqual({ status: 429, body: { message: 'retry later' } });
    knowledgeBase.failure = new Error('bug');
    expect(await send({ question: 'q', mode: 'retrieve' })).toEqual({ status: 500, body: { message: 'Internal server error' } });
  });
});
