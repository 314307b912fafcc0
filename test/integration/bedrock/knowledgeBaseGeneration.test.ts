import {
  ResourceNotFoundException,
  RetrieveAndGenerateCommand,
  RetrieveAndGenerateStreamCommand,
  ValidationException,
  type Citation,
  type RetrieveAndGenerateCommandInput,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUCKET, KB_ID, knowledgeBaseFixture } from './knowledgeBaseFixture.js';

const MODEL_ARN = 'arn:aws:bedrock:us-east-1::inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0';

function request(text: string, more: { sessionId?: string; knowledgeBaseId?: string; promptTemplate?: string } = {}): RetrieveAndGenerateCommandInput {
  return {
    input: { text },
    ...(more.sessionId ? { sessionId: more.sessionId } : {}),
    retrieveAndGenerateConfiguration: {
      type: 'KNOWLEDGE_BASE',
      knowledgeBaseConfiguration: {
        knowledgeBaseId: more.knowledgeBaseId ?? KB_ID,
        modelArn: MODEL_ARN,
        ...(more.promptTemplate ? { generationConfiguration: { promptTemplate: { textPromptTemplate: more.promptTemplate } } } : {}),
      },
    },
  };
}

function expectSpansMatch(text: string, citations: Citation[]): void {
  for (const citation of citations) {
    const part = citation.generatedResponsePart?.textResponsePart;
    expect(text.slice(part?.span?.start, (part?.span?.end ?? 0) + 1)).toBe(part?.text);
  }
}

describe('RetrieveAndGenerate and RetrieveAndGenerateStream over an ingested knowledge base', () => {
  const kb = knowledgeBaseFixture();

  beforeAll(async () => {
    await kb.put('shipping.md', '# Shipping\n\nExpress shipping takes two business days. Standard shipping takes a week.');
    await kb.put('returns.md', '# Returns\n\nYou can return an item within 30 days for a full refund.');
    await kb.put('returns.md.metadata.json', JSON.stringify({ metadataAttributes: { topic: 'returns' } }));
    await kb.ingest();
  });

  it('answers with citations: spans into the text, references with content, S3 location and metadata', async () => {
    const result = await kb.runtime.send(new RetrieveAndGenerateCommand(request('How long does express shipping take?')));
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.output?.text).toContain('Express shipping takes two business days.');
    const reference = result.citations?.[0].retrievedReferences?.[0];
    expect(reference?.location?.s3Location?.uri).toBe(`s3://${BUCKET}/shipping.md`);
    expect(reference?.content?.text).toContain('Express shipping');
    expect(reference?.metadata?.['x-amz-bedrock-kb-source-uri']).toBe(`s3://${BUCKET}/shipping.md`);
    expect(reference?.metadata?.['x-amz-bedrock-kb-chunk-id']).toBeTypeOf('string');
    expect(reference?.metadata?.['x-amz-bedrock-kb-data-source-id']).toBe('DSLOCAL001');
    expectSpansMatch(result.output!.text!, result.citations!);
  });

  it('continues a session it handed out, and refuses one it did not (ValidationException)', async () => {
    const first = await kb.runtime.send(new RetrieveAndGenerateCommand(request('What is the refund window for returns?')));
    const second = await kb.runtime.send(new RetrieveAndGenerateCommand(request('And for shipping?', { sessionId: first.sessionId })));
    const unknown = await kb.runtime.send(new RetrieveAndGenerateCommand(request('x', { sessionId: 'not-a-session-we-gave' }))).catch((error: unknown) => error);
    expect(second.sessionId).toBe(first.sessionId);
    expect(unknown).toBeInstanceOf(ValidationException);
    expect((unknown as Error).message).toBe('Session with Id not-a-session-we-gave is not valid. Please check and try again.');
  });

  it('fills the prompt template ($search_results$, $query$) and logs it as the system prompt; refuses a template without $search_results$', async () => {
    await kb.runtime.send(new RetrieveAndGenerateCommand(request('refund window?', { promptTemplate: 'Answer $query$ from:\n$search_results$' })));
    const [logged] = kb.bedrock.service.log.list().filter((record) => record.operation === 'RetrieveAndGenerate').slice(-1);
    const missing = await kb.runtime.send(new RetrieveAndGenerateCommand(request('x', { promptTemplate: 'Answer $query$' }))).catch((error: unknown) => error);
    const prompt = (logged.system as Array<{ text: string }>)[0].text;
    expect(prompt).toMatch(/^Answer refund window\? from:\n<search_result>/);
    expect(prompt).toContain('30 days');
    expect(missing).toBeInstanceOf(ValidationException);
  });

  it('answers with the model when a fixture (or the upstream responder) answers the rendered prompt, citing the retrieved chunks', async () => {
    // Prepare
    kb.bedrock.service.fixtures.add([{ match: { operation: 'RetrieveAndGenerate', lastUserMessage: 'scripted question about returns' }, respond: { text: 'Within 30 days, says the returns guide.' } }]);
    // Act
    const result = await kb.runtime.send(new RetrieveAndGenerateCommand(request('scripted question about returns')));
    // Assess
    expect(result.output?.text).toBe('Within 30 days, says the returns guide.');
    expect(result.citations).toHaveLength(1);
    expect(result.citations?.[0].generatedResponsePart?.textResponsePart?.span).toEqual({ start: 0, end: result.output!.text!.length - 1 });
    expect(result.citations?.[0].retrievedReferences?.map((reference) => reference.location?.s3Location?.uri)).toContain(`s3://${BUCKET}/returns.md`);
  });

  it('answers ResourceNotFoundException for a knowledge base that is not defined', async () => {
    const error = await kb.runtime.send(new RetrieveAndGenerateCommand(request('x', { knowledgeBaseId: 'KBUNKNOWN1' }))).catch((caught: unknown) => caught);
    const streamed = await kb.runtime.send(new RetrieveAndGenerateStreamCommand(request('x', { knowledgeBaseId: 'KBUNKNOWN1' }))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(streamed).toBeInstanceOf(ResourceNotFoundException);
  });

  it('streams output and citation events that add up to the same answer, with the session id', async () => {
    const whole = await kb.runtime.send(new RetrieveAndGenerateCommand(request('How long does express shipping take?')));
    const stream = await kb.runtime.send(new RetrieveAndGenerateStreamCommand(request('How long does express shipping take?')));
    let text = '';
    const citations: Citation[] = [];
    for await (const event of stream.stream!) {
      if (event.output) text += event.output.text;
      if (event.citation) citations.push(event.citation.citation!);
    }
    expect(stream.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).toBe(whole.output?.text);
    expect(citations.map((citation) => citation.retrievedReferences?.[0].location?.s3Location?.uri)).toEqual(whole.citations?.map((citation) => citation.retrievedReferences?.[0].location?.s3Location?.uri));
    expectSpansMatch(text, citations);
  });
});
