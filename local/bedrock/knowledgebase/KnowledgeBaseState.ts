import type { IngestionJob } from '@aws-sdk/client-bedrock-agent';
import type { KnowledgeBaseDefinition } from './definitions.js';
import { KnowledgeBaseIndex, type IndexSnapshot } from './KnowledgeBaseIndex.js';

/** What the last ingestion indexed of one S3 object: compared with the listing next time. */
export interface DocumentRecord {
  etag: string;
  /** The ETag of its `.metadata.json` sidecar, when it has one. */
  metadataEtag?: string;
  chunkIds: string[];
}

/** The persisted form (`<knowledgeBaseDataDir>/<knowledgeBaseId>.json`). */
export interface KnowledgeBaseSnapshot {
  knowledgeBaseId: string;
  index: IndexSnapshot;
  /** dataSourceId → object key → record. */
  documents: Record<string, Record<string, DocumentRecord>>;
  jobs: IngestionJob[];
}

/** One knowledge base's data: its index, what each data source has indexed, its ingestion jobs. */
export class KnowledgeBaseState {
  readonly documents = new Map<string, Map<string, DocumentRecord>>();
  readonly jobs: IngestionJob[] = [];

  constructor(
    readonly definition: KnowledgeBaseDefinition,
    public index: KnowledgeBaseIndex,
  ) {}

  documentsOf(dataSourceId: string): Map<string, DocumentRecord> {
    let documents = this.documents.get(dataSourceId);
    if (!documents) this.documents.set(dataSourceId, (documents = new Map()));
    return documents;
  }

  /** The job running on the knowledge base, if any (one at a time, as Bedrock allows). */
  runningJob(): IngestionJob | undefined {
    return this.jobs.find((job) => job.status === 'STARTING' || job.status === 'IN_PROGRESS');
  }

  snapshot(): KnowledgeBaseSnapshot {
    const documents: KnowledgeBaseSnapshot['documents'] = {};
    for (const [dataSourceId, records] of this.documents) documents[dataSourceId] = Object.fromEntries(records);
    return { knowledgeBaseId: this.definition.knowledgeBaseId, index: this.index.snapshot(), documents, jobs: this.jobs };
  }

  /** Restores a snapshot; a job that was running when the process stopped is marked FAILED. */
  restore(snapshot: KnowledgeBaseSnapshot): void {
    this.index = KnowledgeBaseIndex.fromSnapshot(snapshot.index);
    for (const [dataSourceId, records] of Object.entries(snapshot.documents)) this.documents.set(dataSourceId, new Map(Object.entries(records)));
    for (const job of snapshot.jobs) {
      const revived = { ...job, startedAt: new Date(job.startedAt as unknown as string), updatedAt: new Date(job.updatedAt as unknown as string) };
      if (revived.status === 'STARTING' || revived.status === 'IN_PROGRESS') {
        revived.status = 'FAILED';
        revived.failureReasons = [...(revived.failureReasons ?? []), 'The ingestion job was interrupted: the local Bedrock stopped while it ran.'];
      }
      this.jobs.push(revived);
    }
  }
}
