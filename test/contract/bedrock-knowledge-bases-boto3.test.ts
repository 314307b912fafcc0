import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../local/bedrock/index.js';
import { startS3Server, type RunningS3 } from '../../local/s3/index.js';
import { BUCKET, DS_ID, KB_ID, knowledgeBaseDefinition } from '../integration/bedrock/knowledgeBaseFixture.js';

const run = promisify(execFile);
const SCRIPT = new URL('./bedrock/boto3_knowledge_base.py', import.meta.url).pathname;
const ENV = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
const MODEL_ARN = 'arn:aws:bedrock:us-east-1::inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0';

type Statistics = Record<string, number>;
interface Boto3Result {
  kb: string;
  first: { status: string; startStatus: string; statistics: Statistics };
  filtered: string[];
  rag: { text: string; spanText: string; partText: string; uri: string; metadata: Record<string, unknown> };
  sameSession: boolean;
  stream: { sessionId: boolean; text: string; citations: number };
  unknown: { code: string; status: number } | null;
  second: { status: string; statistics: Statistics };
  jobs: string[];
  shapeErrors: string[];
}

describe('boto3 against the fake Bedrock\'s knowledge bases (bedrock-agent and bedrock-agent-runtime over HTTP/1.1, strict SigV4)', () => {
  let s3: RunningS3;
  let bedrock: RunningBedrock;
  let result: Boto3Result;
  beforeAll(async () => {
    s3 = await startS3Server({ port: 0 });
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.url, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    client.destroy();
    bedrock = await startBedrockServer({ signature: 'strict', knowledgeBases: [knowledgeBaseDefinition()], s3Endpoint: s3.url });
    const { stdout } = await run('python3', [SCRIPT, bedrock.url, s3.url, KB_ID, DS_ID, BUCKET, MODEL_ARN], { env: ENV, timeout: 60_000 });
    result = JSON.parse(stdout) as Boto3Result;
  }, 90_000);
  afterAll(async () => {
    await bedrock?.close();
    await s3?.close();
  });

  it('every answer matches botocore\'s output shape', () => {
    expect(result.shapeErrors).toEqual([]);
  });

  it('ingests the bucket: a job that starts, then completes with statistics', () => {
    expect(result.kb).toBe('ACTIVE');
    expect(result.first.startStatus).toBe('STARTING');
    expect(result.first).toMatchObject({ status: 'COMPLETE', statistics: { numberOfDocumentsScanned: 3, numberOfMetadataDocumentsScanned: 1, numberOfNewDocumentsIndexed: 3, numberOfDocumentsFailed: 0 } });
  });

  it('retrieve with a metadata filter; retrieve_and_generate with citations, a session and a stream', () => {
    expect(result.filtered).toEqual([`s3://${BUCKET}/guides/returns.md`]);
    expect(result.rag.spanText).toBe(result.rag.partText);
    expect(result.rag.uri).toBe(`s3://${BUCKET}/guides/shipping.md`);
    expect(result.rag.metadata['x-amz-bedrock-kb-data-source-id']).toBe(DS_ID);
    expect(result.sameSession).toBe(true);
    expect(result.stream).toEqual({ sessionId: true, text: result.rag.text, citations: expect.any(Number) });
    expect(result.stream.citations).toBeGreaterThan(0);
    expect(result.unknown).toEqual({ code: 'ResourceNotFoundException', status: 404 });
  });

  it('re-ingests incrementally after a modified and a deleted object', () => {
    expect(result.second).toMatchObject({ status: 'COMPLETE', statistics: { numberOfDocumentsScanned: 2, numberOfNewDocumentsIndexed: 0, numberOfModifiedDocumentsIndexed: 1, numberOfDocumentsDeleted: 1 } });
    expect(result.jobs).toEqual(['COMPLETE', 'COMPLETE']);
  });
});
