import type { RetrieveCommandInput, RetrieveCommandOutput } from '@aws-sdk/client-bedrock-agent-runtime';
import { validationError } from '../errors.js';
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
