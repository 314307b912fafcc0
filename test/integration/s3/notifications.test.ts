import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3EventRecord } from 'aws-lambda';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type RunningStack } from '../../../local/stack.js';
import { s3Client } from './s3Client.js';

/** Polls until `read` returns a value (no timing is asserted; the test's timeout bounds it). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('S3 event notifications on the embedded stack', () => {
  let stack: RunningStack;
  let client: ReturnType<typeof s3Client>;
  let sqs: SQSClient;

  beforeAll(async () => {
    stack = await startStack({ projectDir: path.resolve('test/fixtures/s3-app'), ephemeral: true, ports: 'random', writeEndpointsFile: false, s3: { retryDelaysMs: [10, 20] }, log: () => {} });
    client = s3Client(stack.endpoints.s3!);
    sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    sqs?.destroy();
    await stack?.close();
  });

  const seen = (key: string) =>
    eventually(async () => {
      const object = await client.send(new GetObjectCommand({ Bucket: 'kit-archive-bucket', Key: `seen/${key}` }));
      return JSON.parse(await object.Body!.transformToString()) as S3EventRecord;
    });

  it('invokes the function with the S3Event for a key that passes the prefix and suffix filter', async () => {
    // Act
    const put = await client.send(new PutObjectCommand({ Bucket: 'local-uploads', Key: 'incoming/my report.pdf', Body: '%PDF-1.4' }));
    const record = await seen('incoming/my+report.pdf');

    // Assess
    expect(put.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(record).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'local-uploads', arn: 'arn:aws:s3:::local-uploads' }, object: { key: 'incoming/my+report.pdf', size: 8, eTag: put.ETag!.replace(/"/g, ''), versionId: put.VersionId } },
    });
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
  });

  it('sends the failure record to the OnFailure queue after Lambda\'s two retries', async () => {
    // Act
    await client.send(new PutObjectCommand({ Bucket: 'local-uploads', Key: 'incoming/fail.pdf', Body: 'x' }));
    const message = await eventually(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${stack.endpoints.sqs}/000000000000/local-FailedEvents`, WaitTimeSeconds: 1 }))).Messages?.[0]);
    const record = JSON.parse(message.Body!) as { requestContext: { condition: string; approximateInvokeCount: number }; requestPayload: { Records: S3EventRecord[] }; responsePayload: { errorMessage: string } };

    // Assess
    expect(record.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 3 });
    expect(record.requestPayload.Records[0].s3.object.key).toBe('incoming/fail.pdf');
    expect(record.responsePayload.errorMessage).toBe('refusing incoming/fail.pdf');
  });

  it('sends {"Records": [...]} to the queue a bucket notification names', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'local-uploads', Key: 'notes.txt', Body: 'x' }));

    // Act
    await client.send(new DeleteObjectCommand({ Bucket: 'local-uploads', Key: 'notes.txt' }));
    const message = await eventually(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${stack.endpoints.sqs}/000000000000/local-Removals`, WaitTimeSeconds: 1 }))).Messages?.[0]);

    // Assess
    // local-uploads has versioning Enabled in the template: a DELETE without a version id makes a delete marker.
    expect(JSON.parse(message.Body!)).toMatchObject({ Records: [{ eventName: 'ObjectRemoved:DeleteMarkerCreated', s3: { object: { key: 'notes.txt', versionId: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/) } } }] });
  });
});

describe('S3 EventBridge notifications on the embedded stack', () => {
  it('starts the state machine whose rule matches the Object Created event, with the key not URL-encoded', async () => {
    // Prepare
    const { SFNClient, ListExecutionsCommand, DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
    const stack = await startStack({ projectDir: path.resolve('test/fixtures/s3-app'), ephemeral: true, ports: 'random', writeEndpointsFile: false, log: () => {} });
    const client = s3Client(stack.endpoints.s3!);
    const sfn = new SFNClient({ endpoint: stack.endpoints.stepfunctions, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true });
    const machine = stack.model.stateMachines.find((m) => m.logicalId === 'OnReport')!;

    try {
      // Act
      await client.send(new PutObjectCommand({ Bucket: 'local-reports', Key: 'q4/sales figures.csv', Body: 'a,b' }));
      await client.send(new PutObjectCommand({ Bucket: 'local-reports', Key: 'q4/readme.txt', Body: 'not matched' }));
      const execution = await eventually(async () => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.arn }))).executions?.[0]);
      const described = await eventually(async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      });

      // Assess
      expect(JSON.parse(described.input!)).toMatchObject({ source: 'aws.s3', 'detail-type': 'Object Created', detail: { bucket: { name: 'local-reports' }, object: { key: 'q4/sales figures.csv', size: 3 }, reason: 'PutObject' } });
      expect(JSON.parse(described.output!)).toEqual({ key: 'q4/sales figures.csv', size: 3 });
    } finally {
      sfn.destroy();
      await stack.close();
    }
  });
});

describe('S3 notifications across a restart', () => {
  it('delivers at the next start an event whose retries were cut short by a stop', async () => {
    // Prepare: the first attempt fails and the retry is a minute away when the stack stops.
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dataDir = await mkdtemp(path.join(tmpdir(), 's3-journal-'));
    const common = { projectDir: path.resolve('test/fixtures/s3-app'), dataDir, ports: 'random' as const, writeEndpointsFile: false, watch: false, log: () => {} };
    try {
      const first = await startStack({ ...common, s3: { retryDelaysMs: [60_000, 60_000] } });
      const firstClient = s3Client(first.endpoints.s3!);
      await firstClient.send(new PutObjectCommand({ Bucket: 'local-uploads', Key: 'incoming/fail-after-restart.pdf', Body: 'x' }));
      await eventually(async () => (await firstClient.send(new GetObjectCommand({ Bucket: 'kit-archive-bucket', Key: 'seen/incoming/fail-after-restart.pdf' }))).ETag);
      await first.close();

      // Act
      const second = await startStack({ ...common, s3: { retryDelaysMs: [10, 20] } });
      const sqs = new SQSClient({ endpoint: second.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      const message = await eventually(async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: `${second.endpoints.sqs}/000000000000/local-FailedEvents`, WaitTimeSeconds: 1 }))).Messages?.[0]);
      sqs.destroy();
      await second.close();

      // Assess
      const record = JSON.parse(message.Body!) as { requestContext: { condition: string }; requestPayload: { Records: S3EventRecord[] } };
      expect(record.requestContext.condition).toBe('RetriesExhausted');
      expect(record.requestPayload.Records[0].s3.object.key).toBe('incoming/fail-after-restart.pdf');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
