import { randomInt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestionJob, StartIngestionJobCommandInput } from '@aws-sdk/client-bedrock-agent';
import type { RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';
import { parseStateFile, writeStateFile } from '../../stateFile.js';
import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { BedrockError } from '../errors.js';
import type { DataSourceDefinition, KnowledgeBaseDefinition } from './definitions.js';
import { emptyStatistics, ingestDataSource } from './ingestDataSource.js';
import { KnowledgeBaseEmbedder } from './KnowledgeBaseEmbedder.js';
import { KnowledgeBaseIndex, type SearchHit } from './KnowledgeBaseIndex.js';
import { KnowledgeBaseState, type KnowledgeBaseSnapshot } from './KnowledgeBaseState.js';
import { compileFilter } from './metadataFilter.js';
import { S3DocumentSource } from './S3DocumentSource.js';

export interface KnowledgeBaseEngineOptions {
  /** The S3 API the data sources are read through. */
  s3Endpoint?: string;
  /** Where each knowledge base's index, documents and jobs persist (`<dir>/<id>.json`); undefined = memory. */
  dataDir?: string;
  /** Resolves `embeddingModelArn` to its catalogue entry (the fake's own resolution, lifecycle included). */
  resolveModel: (modelIdentifier: string) => ModelEntry;
}

export interface SearchRequest {
  text: string;
  /** How many results, after skipping `offset`. */
  limit: number;
  offset?: number;
  searchType?: 'SEMANTIC' | 'HYBRID';
  filter?: RetrievalFilter;
}

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function newId(): string {
  return Array.from({ length: 10 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');
}

/**
 * The knowledge bases the template defines, served locally: ingestion jobs (one running per
 * knowledge base; they run in the background), the index of each knowledge base, search, and
 * persistence under `dataDir`.
 */
export class KnowledgeBaseEngine {
  private readonly states = new Map<string, KnowledgeBaseState>();
  private readonly embedders = new Map<string, KnowledgeBaseEmbedder>();
  private readonly source: S3DocumentSource;
  private readonly running = new Set<Promise<void>>();
  /** `clientToken` → the job it started: a retried StartIngestionJob gets the same job back. */
  private readonly jobsByToken = new Map<string, { knowledgeBaseId: string; dataSourceId: string; ingestionJobId: string }>();

  constructor(
    definitions: KnowledgeBaseDefinition[],
    private readonly options: KnowledgeBaseEngineOptions,
  ) {
    this.source = new S3DocumentSource(options.s3Endpoint);
    for (const definition of definitions) {
      const state = new KnowledgeBaseState(definition, new KnowledgeBaseIndex(definition.dimensions ?? 1024));
      const saved = this.snapshotFile(definition.knowledgeBaseId);
      if (saved && existsSync(saved)) {
        const snapshot = parseStateFile<KnowledgeBaseSnapshot>(saved, readFileSync(saved, 'utf8'), 'Delete it to ingest again from the data sources.');
        // An index of other dimensions (the template's embedding configuration changed) is started afresh.
        if (snapshot.index.dimensions === state.index.dimensions) state.restore(snapshot);
      }
      this.states.set(definition.knowledgeBaseId, state);
    }
  }

  get definitions(): KnowledgeBaseDefinition[] {
    return [...this.states.values()].map((state) => state.definition);
  }

  private snapshotFile(knowledgeBaseId: string): string | undefined {
    return this.options.dataDir ? join(this.options.dataDir, `${knowledgeBaseId}.json`) : undefined;
  }

  /** A knowledge base's state; AWS's ResourceNotFoundException for an unknown id. */
  knowledgeBase(knowledgeBaseId: string): KnowledgeBaseState {
    const state = this.states.get(knowledgeBaseId);
    if (!state) throw new BedrockError('ResourceNotFoundException', `Knowledge Base with id ${knowledgeBaseId} does not exist`);
    return state;
  }

  dataSource(knowledgeBaseId: string, dataSourceId: string): { state: KnowledgeBaseState; dataSource: DataSourceDefinition } {
    const state = this.knowledgeBase(knowledgeBaseId);
    const dataSource = state.definition.dataSources.find((candidate) => candidate.dataSourceId === dataSourceId);
    if (!dataSource) throw new BedrockError('ResourceNotFoundException', `DataSource with id ${dataSourceId} does not exist in Knowledge Base ${knowledgeBaseId}`);
    return { state, dataSource };
  }

  embedder(knowledgeBaseId: string): KnowledgeBaseEmbedder {
    const { definition } = this.knowledgeBase(knowledgeBaseId);
    let embedder = this.embedders.get(knowledgeBaseId);
    if (!embedder) {
      embedder = new KnowledgeBaseEmbedder(this.options.resolveModel(definition.embeddingModelArn), definition.dimensions);
      this.embedders.set(knowledgeBaseId, embedder);
    }
    return embedder;
  }

  /** Starts an ingestion job in the background; ConflictException while one runs on the knowledge base. */
  startIngestionJob(input: StartIngestionJobCommandInput): IngestionJob {
    const { state, dataSource } = this.dataSource(input.knowledgeBaseId ?? '', input.dataSourceId ?? '');
    const earlier = input.clientToken ? this.jobsByToken.get(input.clientToken) : undefined;
    if (earlier) return this.ingestionJob(earlier.knowledgeBaseId, earlier.dataSourceId, earlier.ingestionJobId);
    const running = state.runningJob();
    if (running) {
      throw new BedrockError('ConflictException', `Another ingestion job (${running.ingestionJobId}) is already running on knowledge base ${state.definition.knowledgeBaseId}. Wait for it to finish and try again.`);
    }
    const now = new Date();
    const job: IngestionJob = {
      knowledgeBaseId: state.definition.knowledgeBaseId,
      dataSourceId: dataSource.dataSourceId,
      ingestionJobId: newId(),
      ...(input.description ? { description: input.description } : {}),
      status: 'STARTING',
      statistics: emptyStatistics(),
      startedAt: now,
      updatedAt: now,
    };
    state.jobs.push(job);
    if (input.clientToken) this.jobsByToken.set(input.clientToken, { knowledgeBaseId: state.definition.knowledgeBaseId, dataSourceId: dataSource.dataSourceId, ingestionJobId: job.ingestionJobId! });
    const answer = structuredClone(job);
    const embedder = this.embedder(state.definition.knowledgeBaseId);
    const run = ingestDataSource({ state, dataSource, source: this.source, embedder, job })
      .then(() => this.persist(state))
      .catch((error: unknown) => {
        process.stderr.write(`fake Bedrock: knowledge base ${state.definition.knowledgeBaseId} not saved: ${String(error)}\n`);
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
    return answer;
  }

  ingestionJob(knowledgeBaseId: string, dataSourceId: string, ingestionJobId: string): IngestionJob {
    const { state } = this.dataSource(knowledgeBaseId, dataSourceId);
    const job = state.jobs.find((candidate) => candidate.ingestionJobId === ingestionJobId && candidate.dataSourceId === dataSourceId);
    if (!job) throw new BedrockError('ResourceNotFoundException', `IngestionJob with id ${ingestionJobId} does not exist`);
    return structuredClone(job);
  }

  ingestionJobs(knowledgeBaseId: string, dataSourceId: string): IngestionJob[] {
    const { state } = this.dataSource(knowledgeBaseId, dataSourceId);
    return state.jobs.filter((job) => job.dataSourceId === dataSourceId).map((job) => structuredClone(job));
  }

  /** SEMANTIC or HYBRID search of a knowledge base, filtered, from `offset`. */
  search(knowledgeBaseId: string, request: SearchRequest): SearchHit[] {
    const state = this.knowledgeBase(knowledgeBaseId);
    const vector = this.embedder(knowledgeBaseId).embed(request.text, 'query');
    const accept = compileFilter(request.filter);
    const wanted = (request.offset ?? 0) + request.limit;
    const hits = request.searchType === 'HYBRID' ? state.index.hybrid(vector, request.text, wanted, accept) : state.index.semantic(vector, wanted, accept);
    return hits.slice(request.offset ?? 0);
  }

  private async persist(state: KnowledgeBaseState): Promise<void> {
    const file = this.snapshotFile(state.definition.knowledgeBaseId);
    if (file) await writeStateFile(file, JSON.stringify(state.snapshot()));
  }

  /** Resolves when every running ingestion job has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async close(): Promise<void> {
    await this.idle();
    this.source.destroy();
  }
}
