import { GetBucketCorsCommand, GetBucketNotificationConfigurationCommand, GetBucketVersioningCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionBuckets } from '../../../local/provision/provisionBuckets.js';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';
import { loadTemplate } from '../../../local/template/index.js';
import type { TemplateModel } from '../../../local/template/model.js';
import { s3Client } from './s3Client.js';

describe('provisionBuckets: the template buckets in the local S3', () => {
  let s3: RunningS3;
  let model: TemplateModel;

  beforeAll(async () => {
    s3 = await startS3Server({ port: 0 });
    model = await loadTemplate(path.resolve('test/fixtures/s3-app/template.yaml'));
  });
  afterAll(() => s3.close());

  it('creates the buckets with their CORS rules, versioning and notifications, and again without losing objects', async () => {
    // Prepare
    const client = s3Client(s3.url);
    await provisionBuckets(model.buckets!, s3.url);
    await client.send(new PutObjectCommand({ Bucket: 'local-uploads', Key: 'kept.txt', Body: 'x' }));

    // Act
    const again = await provisionBuckets(model.buckets!, s3.url);
    const buckets = await client.send(new ListBucketsCommand({}));
    const cors = await client.send(new GetBucketCorsCommand({ Bucket: 'local-uploads' }));
    const versioning = await client.send(new GetBucketVersioningCommand({ Bucket: 'local-uploads' }));
    const notifications = await client.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'local-uploads' }));

    // Assess
    expect(again.existing).toEqual(['local-uploads', 'kit-archive-bucket', 'local-reports']);
    expect(buckets.Buckets?.map((b) => b.Name)).toEqual(['kit-archive-bucket', 'local-reports', 'local-uploads']);
    expect(cors.CORSRules).toEqual([{ AllowedOrigins: ['http://localhost:5173'], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300 }]);
    expect(versioning.Status).toBe('Enabled');
    expect(notifications.LambdaFunctionConfigurations?.map((c) => [c.Id, c.LambdaFunctionArn, c.Events])).toEqual([['OnUpload.PdfUploaded', 'arn:aws:lambda:us-east-1:000000000000:function:local-OnUpload', ['s3:ObjectCreated:*']]]);
    expect(notifications.QueueConfigurations?.map((c) => c.QueueArn)).toEqual(['arn:aws:sqs:us-east-1:000000000000:local-Removals']);
    expect(s3.store.listObjects('local-uploads').map((o) => o.key)).toEqual(['kept.txt']);
  });
});
