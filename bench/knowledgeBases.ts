/**
 * Knowledge-base benchmark, in one run:
 * 1. Ingestion throughput: a generated corpus (10 000 Markdown documents, one in ten with a
 *    `.metadata.json` sidecar) in the local S3, one StartIngestionJob through the SDK, polled to the
 *    end — documents/s and chunks/s, against the reference of embedding the same chunk texts alone.
 * 2. Retrieve p50/p99 through the SDK at 50 000 chunks, SEMANTIC and HYBRID (and with a filter),
 *    against the index's own search time. Texts are topic words among words of a 4 096-word
 *    vocabulary drawn Zipf-like, so term frequencies look like real text's to the full-text side.
 * 3. recall@10 of the index against exact search over the same vectors (float64 cosine, sorted).
 *
 *     npx tsx bench/knowledgeBases.ts [--documents 10000] [--chunks 50000] [--queries 200]
 */
import { BedrockAgentClient, GetIngestionJobCommand, StartIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient, RetrieveCommand, type RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startBedrockServer } from '../local/bedrock/index.js';
import { cosineSimilarity, deterministicEmbedding } from '../local/bedrock/embeddings/deterministicEmbedding.js';
import type { KnowledgeBaseDefinition } from '../local/bedrock/knowledgebase/definitions.js';
import { startS3Server } from '../local/s3/index.js';
import { numberOption } from './lib/benchArgs.js';
import { percentile } from './lib/statistics.js';

const DOCUMENTS = numberOption('documents', 10_000);
const CHUNKS = numberOption('chunks', 50_000);
const QUERIES = numberOption('queries', 200);
const DIMENSIONS = 1024;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const TOPICS = ['refund', 'shipping', 'invoice', 'warranty', 'account', 'password', 'delivery', 'discount', 'subscription', 'battery', 'screen', 'printer', 'network', 'backup', 'security', 'holiday', 'salary', 'travel', 'expense', 'training'];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'sa', 'tu', 'vo', 'ber', 'den', 'fi', 'gor', 'ha', 'jel', 'nu', 'pa', 'qui'];
/** A 4 096-word vocabulary drawn Zipf-like (rank r with probability ∝ 1/r), as words are in real text. */
const WORDS = Array.from({ length: 4096 }, (_, index) => `${SYLLABLES[index % 16]}${SYLLABLES[(index >> 4) % 16]}${SYLLABLES[(index >> 8) % 16]}`);
const zipfWord = (random: () => number) => WORDS[Math.min(WORDS.length - 1, Math.floor(Math.exp(random() * Math.log(WORDS.length + 1))) - 1)];

/** A deterministic pseudo-random generator, so every run ingests the same corpus. */
function generator(seed: number): () => number {
  let state = seed;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

function sentence(random: () => number, topic: string, length: number): string {
  const words = Array.from({ length }, (_, index) => (index % 5 === 0 ? topic : zipfWord(random)));
  return `${words.join(' ')} ${Math.floor(random() * 1000)}.`;
}

function documentText(random: () => number, index: number): string {
  const topic = TOPICS[index % TOPICS.length];
  return `# ${topic} guide ${index}\n\n${Array.from({ length: 24 }, () => sentence(random, topic, 14)).join(' ')}`;
}

function definition(knowledgeBaseId: string, bucketName: string): KnowledgeBaseDefinition {
  return {
    knowledgeBaseId,
    logicalId: knowledgeBaseId,
    name: knowledgeBaseId.toLowerCase(),
    roleArn: 'arn:aws:iam::000000000000:role/kb',
    embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0',
    dimensions: DIMENSIONS,
    storageType: 'S3_VECTORS',
    dataSources: [{ dataSourceId: 'DSBENCH001', logicalId: 'DataSource', name: 'bench', bucketName }],
  };
}

function latencies(label: string, samples: number[], reference?: number[]): void {
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 0.5);
  const ratio = reference ? `  ${(p50 / percentile([...reference].sort((a, b) => a - b), 0.5)).toFixed(2)}× the index alone` : '';
  console.log(`${label.padEnd(46)} p50 ${p50.toFixed(2).padStart(8)} ms   p99 ${percentile(samples, 0.99).toFixed(2).padStart(8)} ms${ratio}`);
}

async function putAll(s3: S3Client, bucket: string, objects: Array<[string, string]>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < objects.length) {
      const [key, body] = objects[next++];
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
  }));
}

async function main(): Promise<void> {
  const s3Server = await startS3Server({ port: 0 });
  const bedrock = await startBedrockServer({ knowledgeBases: [definition('KBINGEST01', 'ingest'), definition('KBSEARCH01', 'search')], s3Endpoint: s3Server.url });
  const s3 = new S3Client({ region: 'us-east-1', endpoint: s3Server.url, forcePathStyle: true, credentials });
  const agent = new BedrockAgentClient({ region: 'us-east-1', endpoint: bedrock.url, credentials });
  const runtime = new BedrockAgentRuntimeClient({ region: 'us-east-1', endpoint: bedrock.url, credentials });
  const engine = bedrock.knowledgeBases!;
  try {
    // 1. Ingestion.
    const random = generator(7);
    const objects: Array<[string, string]> = [];
    for (let index = 0; index < DOCUMENTS; index++) {
      objects.push([`docs/${index}.md`, documentText(random, index)]);
      if (index % 10 === 0) objects.push([`docs/${index}.md.metadata.json`, JSON.stringify({ metadataAttributes: { topic: TOPICS[index % TOPICS.length], index } })]);
    }
    await s3.send(new CreateBucketCommand({ Bucket: 'ingest' }));
    await putAll(s3, 'ingest', objects);
    const started = performance.now();
    const { ingestionJob } = await agent.send(new StartIngestionJobCommand({ knowledgeBaseId: 'KBINGEST01', dataSourceId: 'DSBENCH001' }));
    let status = ingestionJob?.status;
    let statistics = ingestionJob?.statistics;
    while (status !== 'COMPLETE' && status !== 'FAILED') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ status, statistics } = (await agent.send(new GetIngestionJobCommand({ knowledgeBaseId: 'KBINGEST01', dataSourceId: 'DSBENCH001', ingestionJobId: ingestionJob!.ingestionJobId }))).ingestionJob!);
    }
    const seconds = (performance.now() - started) / 1000;
    const index = engine.knowledgeBase('KBINGEST01').index;
    const chunkTexts = index.snapshot().chunks.map((chunk) => chunk.text);
    const embedStarted = performance.now();
    for (const text of chunkTexts) deterministicEmbedding(text, DIMENSIONS);
    const embedSeconds = (performance.now() - embedStarted) / 1000;
    console.log(`\nIngestion: ${DOCUMENTS} documents (${objects.length - DOCUMENTS} sidecars) from the local S3, FIXED_SIZE 300/20 %, Titan v2 1024-d deterministic embeddings — job ${status}`);
    console.log(`  ${String(statistics?.numberOfNewDocumentsIndexed).padStart(6)} documents indexed, ${index.size} chunks in ${seconds.toFixed(1)} s`);
    console.log(`  ${(DOCUMENTS / seconds).toFixed(0).padStart(6)} documents/s   ${(index.size / seconds).toFixed(0).padStart(6)} chunks/s   (reference: embedding the same chunks alone ${(chunkTexts.length / embedSeconds).toFixed(0)} chunks/s; ingestion at ${((index.size / seconds) / (chunkTexts.length / embedSeconds)).toFixed(2)}×)`);

    // 2. Retrieve at CHUNKS chunks (the index filled directly with generated chunks and their embeddings).
    const searchIndex = engine.knowledgeBase('KBSEARCH01').index;
    const fill = generator(11);
    const vectors: number[][] = [];
    const fillStarted = performance.now();
    for (let position = 0; position < CHUNKS; position++) {
      const topic = TOPICS[position % TOPICS.length];
      const text = Array.from({ length: 3 }, () => sentence(fill, topic, 12)).join(' ');
      const vector = deterministicEmbedding(text, DIMENSIONS);
      vectors.push(vector);
      searchIndex.add({ chunkId: `c${position}`, dataSourceId: 'DSBENCH001', documentKey: `k${position}`, sourceUri: `s3://search/k${position}`, text, metadata: { topic, position } }, vector);
    }
    console.log(`\nRetrieve at ${searchIndex.size} chunks (1024-d; filled in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s), ${QUERIES} queries each, through the SDK (HTTP/2), numberOfResults 10:`);
    const queryRandom = generator(13);
    const queries = Array.from({ length: QUERIES }, (_, position) => sentence(queryRandom, TOPICS[position % TOPICS.length], 8));
    const queryVectors = queries.map((text) => deterministicEmbedding(text, DIMENSIONS));
    // Each query runs on the index directly, then through the SDK, alternately: the index time is the
    // in-run reference for the HTTP round trip, embedding the query and the JSON of the answer.
    type Configuration = NonNullable<RetrieveCommandInput['retrievalConfiguration']>;
    const measure = async (label: string, configuration: Configuration, direct: (position: number) => void): Promise<void> => {
      const onIndex: number[] = [];
      const throughSdk: number[] = [];
      for (const [position, text] of queries.entries()) {
        let t = performance.now();
        direct(position);
        onIndex.push(performance.now() - t);
        t = performance.now();
        await runtime.send(new RetrieveCommand({ knowledgeBaseId: 'KBSEARCH01', retrievalQuery: { text }, retrievalConfiguration: configuration }));
        throughSdk.push(performance.now() - t);
      }
      latencies(`${label}, index alone`, onIndex);
      latencies(`${label}, Retrieve through the SDK`, throughSdk, onIndex);
    };
    const filter = { andAll: [{ equals: { key: 'topic', value: 'refund' } }, { greaterThan: { key: 'position', value: 1000 } }] };
    const accept = (metadata: Record<string, unknown>) => metadata.topic === 'refund' && Number(metadata.position) > 1000;
    await measure('warm-up', { vectorSearchConfiguration: { numberOfResults: 10 } }, (position) => searchIndex.semantic(queryVectors[position], 10));
    await measure('SEMANTIC', { vectorSearchConfiguration: { numberOfResults: 10 } }, (position) => searchIndex.semantic(queryVectors[position], 10));
    await measure('HYBRID', { vectorSearchConfiguration: { numberOfResults: 10, overrideSearchType: 'HYBRID' } }, (position) => searchIndex.hybrid(queryVectors[position], queries[position], 10));
    await measure('SEMANTIC + filter', { vectorSearchConfiguration: { numberOfResults: 10, filter } }, (position) => searchIndex.semantic(queryVectors[position], 10, accept));

    // 3. recall@10 against exact search over the same vectors.
    let found = 0;
    const recallQueries = queryVectors.slice(0, 20);
    for (const vector of recallQueries) {
      const exact = vectors
        .map((candidate, position) => ({ position, score: cosineSimilarity(vector, candidate) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map(({ position }) => `c${position}`);
      const got = new Set(searchIndex.semantic(vector, 10).map((hit) => hit.chunk.chunkId));
      found += exact.filter((id) => got.has(id)).length;
    }
    console.log(`\nrecall@10 against exact float64 search over the same vectors (${recallQueries.length} queries): ${(found / (recallQueries.length * 10)).toFixed(3)} (target ≥ 0.95)`);
  } finally {
    agent.destroy();
    runtime.destroy();
    s3.destroy();
    await bedrock.close();
    await s3Server.close();
  }
}

await main();
