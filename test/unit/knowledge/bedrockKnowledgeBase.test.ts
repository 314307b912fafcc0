import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  BedrockAgentRuntimeClient,
  DependencyFailedException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockKnowledgeBase } from '../../../src/knowledge/bedrockKnowledgeBase.js';
import { knowledgeBaseHttpError } from '../../../src/knowledge/knowledgeBaseErrors.js';
import { answerWithoutNetwork } from '../src/factories.js';

/** A real SDK client that answers without the network (see `answerWithoutNetwork`). */
function clientAnswering(answer: (input: Record<string, unknown>) => Record<string, unknown> | Error) {
  const client = new BedrockAgentRuntimeClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { client, inputs: answerWithoutNetwork(client, answer) };
}

const metadata = { $metadata: {} };

describe('BedrockKnowledgeBase', () => {
  it('sends Retrieve with the knowledge base id and the result limit only when given', async () => {
    const { client, inputs } = clientAnswering(() => ({ retrievalResults: [] }));
    const kb = new BedrockKnowledgeBase(client, 'KB12345678');
    await kb.retrieve('how?', 4);
    await kb.retrieve('why?', undefined);
    expect(inputs).toEqual([
      { knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'how?' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 4 } } },
      { knowledgeBaseId: 'KB12345678', retrievalQuery: { text: 'why?' }, retrievalConfiguration: undefined },
    ]);
  });

  it('sends RetrieveAndGenerate with a KNOWLEDGE_BASE configuration', async () => {
    const { client, inputs } = clientAnswering(() => ({ sessionId: 's', output: { text: 'ok' } }));
    const output = await new BedrockKnowledgeBase(client, 'KB12345678').retrieveAndGenerate('q', 'arn:aws:bedrock:us-east-1::foundation-model/m', 2);
    expect(output.output?.text).toBe('ok');
    expect(inputs[0]).toEqual({
      input: { text: 'q' },
      retrieveAndGenerateConfiguration: {
        type: 'KNOWLEDGE_BASE',
        knowledgeBaseConfiguration: {
          knowledgeBaseId: 'KB12345678',
          modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/m',
          retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } },
        },
      },
    });
  });

  it('translates Bedrock errors to HTTP errors', async () => {
    const { client } = clientAnswering(() => new ThrottlingException({ message: 'slow down', ...metadata }));
    await expect(new BedrockKnowledgeBase(client, 'KB1').retrieve('q', undefined)).rejects.toMatchObject({ statusCode: 429 });
  });
});

describe('knowledgeBaseHttpError', () => {
  it.each([
    [new ResourceNotFoundException({ message: 'no KB', ...metadata }), 502, /knowledge base or model was not found/],
    [new ServiceQuotaExceededException({ message: 'quota', ...metadata }), 429, /too many requests/],
    [new DependencyFailedException({ message: 'OpenSearch down', ...metadata }), 502, /depends on failed/],
    [new ThrottlingException({ message: 'slow', ...metadata }), 429, /too many requests/],
    [new ValidationException({ message: 'bad modelArn', ...metadata }), 502, /rejected the request: bad modelArn/],
    [new AccessDeniedException({ message: 'denied', ...metadata }), 502, /not allowed/],
    [new Error('socket hang up'), 502, /call failed/],
  ])('maps %s', (error, status, message) => {
    const httpError = knowledgeBaseHttpError(error);
    expect(httpError.statusCode).toBe(status);
    expect(httpError.message).toMatch(message);
    expect(httpError.cause).toBe(error);
  });
});
