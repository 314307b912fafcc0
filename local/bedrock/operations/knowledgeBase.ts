import { randomUUID } from 'node:crypto';
import type { RetrieveAndGenerateCommandOutput, RetrieveCommandOutput, RetrievedReference } from '@aws-sdk/client-bedrock-agent-runtime';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import type { KnowledgeBaseStore, KnowledgeChunk } from '../knowledgebase/KnowledgeBaseStore.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, type ModelCallInput } from './ModelCall.js';
import { assertModelInput, bodyMembers } from './modelInput.js';

function reference(chunk: KnowledgeChunk, knowledgeBaseId: string, score?: number) {
  return {
    content: { text: chunk.text, type: 'TEXT' as const },
    location: { type: 'S3' as const, s3Location: { uri: chunk.uri } },
    ...(score !== undefined ? { score } : {}),
    metadata: {
      'x-amz-bedrock-kb-source-uri': chunk.uri,
      'x-amz-bedrock-kb-chunk-id': chunk.chunkId,
      'x-amz-bedrock-kb-data-source-id': `local-${knowledgeBaseId}`,
    },
  };
}

/** `vectorSearchConfiguration.numberOfResults` (the model bounds it to 1–100), 5 by default as on AWS. */
function numberOfResults(configuration: unknown): number {
  const vector = isRecord(configuration) && isRecord(configuration.vectorSearchConfiguration) ? configuration.vectorSearchConfiguration : {};
  return typeof vector.numberOfResults === 'number' ? vector.numberOfResults : 5;
}

/** Retrieve: the chunks of a local knowledge base most similar to the query. */
export function retrieve(service: BedrockService, store: KnowledgeBaseStore, call: ModelCallInput): Promise<Omit<RetrieveCommandOutput, '$metadata'>> {
  return logged(service, 'Retrieve', call, async (note) => {
    const body = bodyMembers(call.body);
    assertModelInput('bedrock-agent-runtime', 'Retrieve', { ...body, knowledgeBaseId: call.modelId });
    const query = isRecord(body.retrievalQuery) ? body.retrievalQuery.text : undefined;
    if (typeof query !== 'string' || query.trim() === '') throw validationError("1 validation error detected: Value at 'retrievalQuery.text' failed to satisfy constraint: Member must not be null");
    const hits = store.search(call.modelId, query, numberOfResults(body.retrievalConfiguration));
    const output = { retrievalResults: hits.map(({ chunk, score }) => reference(chunk, call.modelId, score)) };
    note({ output: { results: hits.map(({ chunk, score }) => ({ uri: chunk.uri, chunkId: chunk.chunkId, score })) } });
    return output;
  });
}

function firstSentence(text: string): string {
  const flat = text.replace(/^#+\s*/gm, '').replace(/\s+/g, ' ').trim();
  const match = /^.*?[.!?](?=\s|$)/.exec(flat);
  return (match ? match[0] : flat.slice(0, 200)).trim();
}

/**
 * RetrieveAndGenerate: retrieves, then answers deterministically from the best chunks — one
 * sentence per chunk, each cited with its span and references.
 */
export function retrieveAndGenerate(
  service: BedrockService,
  store: KnowledgeBaseStore,
  call: ModelCallInput,
): Promise<Omit<RetrieveAndGenerateCommandOutput, '$metadata'>> {
  return logged(service, 'RetrieveAndGenerate', call, async (note) => {
    const body = bodyMembers(call.body);
    assertModelInput('bedrock-agent-runtime', 'RetrieveAndGenerate', body);
    const question = isRecord(body.input) ? body.input.text : undefined;
    if (typeof question !== 'string' || question.trim() === '') throw validationError("1 validation error detected: Value at 'input.text' failed to satisfy constraint: Member must not be null");
    const configuration = isRecord(body.retrieveAndGenerateConfiguration) ? body.retrieveAndGenerateConfiguration : {};
    if (configuration.type !== 'KNOWLEDGE_BASE') throw validationError('Only retrieveAndGenerateConfiguration.type KNOWLEDGE_BASE is supported by the fake.');
    const kb = isRecord(configuration.knowledgeBaseConfiguration) ? configuration.knowledgeBaseConfiguration : {};
    if (typeof kb.knowledgeBaseId !== 'string') throw validationError('knowledgeBaseConfiguration.knowledgeBaseId is required.');
    if (typeof kb.modelArn !== 'string') throw validationError('knowledgeBaseConfiguration.modelArn is required.');
    const model = service.resolveModel(kb.modelArn);
    note({}, model);
    const hits = store.search(kb.knowledgeBaseId, question, Math.min(3, numberOfResults(kb.retrievalConfiguration)));
    let text = '';
    const citations = hits.map(({ chunk }) => {
      const sentence = firstSentence(chunk.text);
      const start = text.length === 0 ? 0 : text.length + 1;
      text = text.length === 0 ? sentence : `${text} ${sentence}`;
      const retrievedReferences: RetrievedReference[] = [reference(chunk, kb.knowledgeBaseId as string)];
      return { generatedResponsePart: { textResponsePart: { text: sentence, span: { start, end: start + sentence.length - 1 } } }, retrievedReferences };
    });
    if (hits.length === 0) text = 'Sorry, I am unable to assist you with this request.';
    const output = { sessionId: typeof body.sessionId === 'string' ? body.sessionId : randomUUID(), output: { text }, citations };
    note({ output: { text, citations: hits.map(({ chunk }) => chunk.uri) } });
    return output;
  });
}
