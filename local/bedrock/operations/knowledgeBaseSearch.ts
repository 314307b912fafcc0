import type { KnowledgeBaseRetrievalConfiguration, KnowledgeBaseRetrievalResult, RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';
import type { KnowledgeBaseEngine } from '../knowledgebase/KnowledgeBaseEngine.js';
import type { KnowledgeBaseStore } from '../knowledgebase/KnowledgeBaseStore.js';
import type { RagSessions } from '../knowledgebase/RagSessions.js';
import { decodeOffset, encodeOffset } from '../knowledgebase/pagination.js';

/** Where Retrieve and RetrieveAndGenerate search: the template's knowledge bases, else the documents folder. */
export interface KnowledgeBaseSources {
  engine?: KnowledgeBaseEngine;
  folder: KnowledgeBaseStore;
  /** RetrieveAndGenerate's sessions. */
  sessions: RagSessions;
}

export interface KnowledgeBaseQuery {
  knowledgeBaseId: string;
  text: string;
  configuration?: KnowledgeBaseRetrievalConfiguration;
  nextToken?: string;
  /** A cap below `numberOfResults` (RetrieveAndGenerate's deterministic answer cites a few). */
  limit?: number;
}

/** `vectorSearchConfiguration.numberOfResults` (the model bounds it to 1–100), 5 by default as on AWS. */
export function numberOfResults(configuration: KnowledgeBaseRetrievalConfiguration | undefined): number {
  return configuration?.vectorSearchConfiguration?.numberOfResults ?? 5;
}

/**
 * One page of results: the knowledge base's index (filters, SEMANTIC/HYBRID) when the fake has
 * knowledge-base definitions — an id not among them is ResourceNotFoundException — else the folder.
 */
export function searchKnowledgeBase(sources: KnowledgeBaseSources, query: KnowledgeBaseQuery): { results: KnowledgeBaseRetrievalResult[]; nextToken?: string } {
  const limit = Math.min(query.limit ?? Infinity, numberOfResults(query.configuration));
  const offset = query.nextToken === undefined ? 0 : decodeOffset(query.nextToken);
  if (!sources.engine) {
    const hits = sources.folder.search(query.knowledgeBaseId, query.text, offset + limit).slice(offset);
    return {
      results: hits.map(({ chunk, score }) => ({
        content: { text: chunk.text, type: 'TEXT' },
        location: { type: 'S3', s3Location: { uri: chunk.uri } },
        score,
        metadata: { 'x-amz-bedrock-kb-source-uri': chunk.uri, 'x-amz-bedrock-kb-chunk-id': chunk.chunkId, 'x-amz-bedrock-kb-data-source-id': `local-${query.knowledgeBaseId}` },
      })),
    };
  }
  const vector = query.configuration?.vectorSearchConfiguration;
  // One more than a page tells whether there is a next one.
  const hits = sources.engine.search(query.knowledgeBaseId, {
    text: query.text,
    limit: limit + 1,
    offset,
    searchType: vector?.overrideSearchType === 'HYBRID' ? 'HYBRID' : 'SEMANTIC',
    filter: vector?.filter as RetrievalFilter | undefined,
  });
  return {
    results: hits.slice(0, limit).map(({ chunk, score }) => ({
      content: { text: chunk.parentText ?? chunk.text, type: 'TEXT' },
      location: { type: 'S3', s3Location: { uri: chunk.sourceUri } },
      score,
      metadata: { ...chunk.metadata } as KnowledgeBaseRetrievalResult['metadata'],
    })),
    ...(hits.length > limit ? { nextToken: encodeOffset(offset + limit) } : {}),
  };
}
