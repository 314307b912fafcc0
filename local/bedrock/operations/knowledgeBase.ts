import { randomUUID } from 'node:crypto';
import type {
  KnowledgeBaseRetrievalConfiguration,
  RetrieveAndGenerateCommandOutput,
  RetrieveCommandInput,
  RetrieveCommandOutput,
  RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, type ModelCallInput } from './ModelCall.js';
import { searchKnowledgeBase, type KnowledgeBaseSources } from './knowledgeBaseSearch.js';
import { assertModelInput, bodyMembers } from './modelInput.js';

/** Retrieve: one page of the knowledge base's chunks most relevant to the query. */
export function retrieve(service: BedrockService, sources: KnowledgeBaseSources, call: ModelCallInput): Promise<Omit<RetrieveCommandOutput, '$metadata'>> {
  return logged(service, 'Retrieve', call, async (note) => {
    const body = bodyMembers(call.body);
    assertModelInput('bedrock-agent-runtime', 'Retrieve', { ...body, knowledgeBaseId: call.modelId });
    const input = body as Omit<RetrieveCommandInput, 'knowledgeBaseId'>;
    const query = input.retrievalQuery?.text;
    if (typeof query !== 'string' || query.trim() === '') throw validationError("1 validation error detected: Value at 'retrievalQuery.text' failed to satisfy constraint: Member must not be null");
    const { results, nextToken } = searchKnowledgeBase(sources, { knowledgeBaseId: call.modelId, text: query, configuration: input.retrievalConfiguration, nextToken: input.nextToken });
    note({ output: { results: results.map((result) => ({ uri: result.location?.s3Location?.uri, chunkId: result.metadata?.['x-amz-bedrock-kb-chunk-id'], score: result.score })) } });
    return { retrievalResults: results, ...(nextToken ? { nextToken } : {}) };
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
  sources: KnowledgeBaseSources,
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
    const hits = searchKnowledgeBase(sources, { knowledgeBaseId: kb.knowledgeBaseId, text: question, configuration: kb.retrievalConfiguration as KnowledgeBaseRetrievalConfiguration | undefined, limit: 3 }).results;
    let text = '';
    const citations = hits.map((hit) => {
      const sentence = firstSentence(hit.content?.text ?? '');
      const start = text.length === 0 ? 0 : text.length + 1;
      text = text.length === 0 ? sentence : `${text} ${sentence}`;
      const { score: _score, ...reference } = hit;
      const retrievedReferences: RetrievedReference[] = [reference];
      return { generatedResponsePart: { textResponsePart: { text: sentence, span: { start, end: start + sentence.length - 1 } } }, retrievedReferences };
    });
    if (hits.length === 0) text = 'Sorry, I am unable to assist you with this request.';
    const output = { sessionId: typeof body.sessionId === 'string' ? body.sessionId : randomUUID(), output: { text }, citations };
    note({ output: { text, citations: hits.map((hit) => hit.location?.s3Location?.uri) } });
    return output;
  });
}
