import { createHash } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ChunkingConfiguration, IngestionJob, IngestionJobStatistics } from '@aws-sdk/client-bedrock-agent';
import { chunkDocument } from './chunking/chunkDocument.js';
import type { DataSourceDefinition } from './definitions.js';
import type { KnowledgeBaseEmbedder } from './KnowledgeBaseEmbedder.js';
import type { IndexedChunk } from './KnowledgeBaseIndex.js';
import type { DocumentRecord, KnowledgeBaseState } from './KnowledgeBaseState.js';
import { METADATA_SUFFIX, parseMetadataSidecar, type DocumentMetadata } from './metadata.js';
import { parseDocument } from './parsing/parseDocument.js';
import type { ListedObject, S3DocumentSource } from './S3DocumentSource.js';

/** Documents read from S3 at once; they are then chunked and embedded one after the other. */
const READ_CONCURRENCY = 8;
/** Failure reasons kept on a job (AWS lists a bounded number too). */
const MAX_FAILURE_REASONS = 50;

/** The statistics botocore's model has (the JS SDK's newer `numberOfDocumentsSkipped` is not kept). */
type Statistics = Required<Omit<IngestionJobStatistics, 'numberOfDocumentsSkipped'>>;

export function emptyStatistics(): Statistics {
  return {
    numberOfDocumentsScanned: 0,
    numberOfMetadataDocumentsScanned: 0,
    numberOfNewDocumentsIndexed: 0,
    numberOfModifiedDocumentsIndexed: 0,
    numberOfMetadataDocumentsModified: 0,
    numberOfDocumentsDeleted: 0,
    numberOfDocumentsFailed: 0,
  };
}

/** What one ingestion needs: where to read, how to embed, and the job it reports progress on. */
export interface Ingestion {
  state: KnowledgeBaseState;
  dataSource: DataSourceDefinition;
  source: S3DocumentSource;
  embedder: KnowledgeBaseEmbedder;
  job: IngestionJob;
}

/** A chunk id in the shape Bedrock's have (a UUID), stable for the same object version and position. */
function chunkId(dataSourceId: string, key: string, etag: string, position: number): string {
  const hex = createHash('sha256').update(`${dataSourceId}\0${key}\0${etag}\0${position}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Runs an ingestion job as Bedrock does: lists the data source's bucket (inclusion prefixes),
 * compares each object's ETag (and its sidecar's) with what was indexed, and only parses, chunks and
 * embeds new and modified documents; a changed sidecar alone updates the chunks' metadata; objects
 * gone from the bucket are removed. Statistics update as it goes; the job ends COMPLETE (documents
 * that failed are counted, with reasons) or FAILED (the bucket could not be read).
 */
export async function ingestDataSource(ingestion: Ingestion): Promise<void> {
  const { job, dataSource } = ingestion;
  const statistics = job.statistics as Statistics;
  const touch = () => (job.updatedAt = new Date());
  job.status = 'IN_PROGRESS';
  touch();
  try {
    const listing = await ingestion.source.list(dataSource.bucketName, dataSource.inclusionPrefixes);
    const sidecars = new Map(listing.filter((object) => object.key.endsWith(METADATA_SUFFIX)).map((object) => [object.key, object]));
    const documents = listing.filter((object) => !object.key.endsWith(METADATA_SUFFIX));
    const sidecarOf = (document: ListedObject) => sidecars.get(`${document.key}${METADATA_SUFFIX}`);
    for (let start = 0; start < documents.length; start += READ_CONCURRENCY) {
      const batch = documents.slice(start, start + READ_CONCURRENCY);
      const loaded = await Promise.all(batch.map((document) => loadDocument(ingestion, document, sidecarOf(document))));
      batch.forEach((document, position) => applyDocument(ingestion, document, sidecarOf(document), loaded[position], statistics));
      touch();
      await yieldToEventLoop();
    }
    removeDeleted(ingestion, new Set(documents.map((document) => document.key)), statistics);
    job.status = 'COMPLETE';
  } catch (error) {
    job.status = 'FAILED';
    addFailure(job, error instanceof Error ? error.message : String(error));
  }
  touch();
}

function addFailure(job: IngestionJob, reason: string): void {
  const reasons = (job.failureReasons ??= []);
  if (reasons.length < MAX_FAILURE_REASONS) reasons.push(reason);
}

/** What reading one listed document gave: nothing to do, its metadata alone, or its text too. */
type LoadedDocument =
  | { kind: 'unchanged' }
  | { kind: 'metadata'; metadata: DocumentMetadata }
  | { kind: 'document'; metadata: DocumentMetadata; text: string }
  | { kind: 'failed'; reason: string };

/** Reads (and parses) what changed of one document; the I/O half, run a few documents at a time. */
async function loadDocument(ingestion: Ingestion, document: ListedObject, sidecar: ListedObject | undefined): Promise<LoadedDocument> {
  const { state, dataSource, source } = ingestion;
  const previous = state.documentsOf(dataSource.dataSourceId).get(document.key);
  if (previous && previous.etag === document.etag && previous.metadataEtag === sidecar?.etag) return { kind: 'unchanged' };
  const uri = `s3://${dataSource.bucketName}/${document.key}`;
  try {
    const metadata: DocumentMetadata = {
      ...(sidecar ? parseMetadataSidecar(await source.read(dataSource.bucketName, sidecar.key)) : {}),
      'x-amz-bedrock-kb-source-uri': uri,
      'x-amz-bedrock-kb-data-source-id': dataSource.dataSourceId,
    };
    if (previous && previous.etag === document.etag) return { kind: 'metadata', metadata };
    return { kind: 'document', metadata, text: await parseDocument(document.key, uri, await source.read(dataSource.bucketName, document.key)) };
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Applies one loaded document to the index and counts it; the CPU half (chunking, embedding). */
function applyDocument(ingestion: Ingestion, document: ListedObject, sidecar: ListedObject | undefined, loaded: LoadedDocument, statistics: Statistics): void {
  const { state, dataSource } = ingestion;
  const indexed = state.documentsOf(dataSource.dataSourceId);
  const previous = indexed.get(document.key);
  statistics.numberOfDocumentsScanned++;
  if (sidecar) statistics.numberOfMetadataDocumentsScanned++;
  switch (loaded.kind) {
    case 'unchanged':
      return;
    case 'failed':
      statistics.numberOfDocumentsFailed++;
      addFailure(ingestion.job, loaded.reason);
      return;
    case 'metadata':
      for (const chunk of state.index.chunksOf(dataSource.dataSourceId, document.key)) chunk.metadata = { ...loaded.metadata, 'x-amz-bedrock-kb-chunk-id': chunk.chunkId };
      indexed.set(document.key, { ...previous!, metadataEtag: sidecar?.etag });
      statistics.numberOfMetadataDocumentsModified++;
      return;
    case 'document':
      try {
        const record = indexChunks(ingestion, document, loaded.text, loaded.metadata);
        for (const id of previous?.chunkIds ?? []) if (!record.chunkIds.includes(id)) state.index.remove(id);
        indexed.set(document.key, { ...record, metadataEtag: sidecar?.etag });
        if (previous) statistics.numberOfModifiedDocumentsIndexed++;
        else statistics.numberOfNewDocumentsIndexed++;
      } catch (error) {
        statistics.numberOfDocumentsFailed++;
        addFailure(ingestion.job, error instanceof Error ? error.message : String(error));
      }
  }
}

/** Chunks and embeds a parsed document into the index; every vector is computed before any is added. */
function indexChunks(ingestion: Ingestion, document: ListedObject, text: string, metadata: DocumentMetadata): DocumentRecord {
  const { state, dataSource, embedder } = ingestion;
  const pieces = chunkDocument(text, dataSource.chunkingConfiguration as ChunkingConfiguration | undefined, (piece) => embedder.embed(piece));
  const embedded = pieces.map((piece, position) => {
    const id = chunkId(dataSource.dataSourceId, document.key, document.etag, position);
    const chunk: IndexedChunk = {
      chunkId: id,
      dataSourceId: dataSource.dataSourceId,
      documentKey: document.key,
      sourceUri: String(metadata['x-amz-bedrock-kb-source-uri']),
      text: piece.text,
      ...(piece.parentText !== undefined ? { parentText: piece.parentText } : {}),
      metadata: { ...metadata, 'x-amz-bedrock-kb-chunk-id': id },
    };
    return { chunk, vector: embedder.embed(piece.text) };
  });
  for (const { chunk, vector } of embedded) state.index.add(chunk, vector);
  return { etag: document.etag, chunkIds: embedded.map(({ chunk }) => chunk.chunkId) };
}

function removeDeleted(ingestion: Ingestion, present: Set<string>, statistics: Statistics): void {
  const indexed = ingestion.state.documentsOf(ingestion.dataSource.dataSourceId);
  for (const [key, record] of indexed) {
    if (present.has(key)) continue;
    for (const id of record.chunkIds) ingestion.state.index.remove(id);
    indexed.delete(key);
    statistics.numberOfDocumentsDeleted++;
  }
}
