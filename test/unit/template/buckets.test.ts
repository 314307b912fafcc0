import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { notificationConfiguration } from '../../../local/provision/provisionBuckets.js';
import { loadTemplate } from '../../../local/template/index.js';

const fixture = path.resolve('test/fixtures/s3-app/template.yaml');

describe('loadTemplate: S3 buckets', () => {
  it('names buckets as CloudFormation would (lower case) unless BucketName is set, and resolves Ref and GetAtt', async () => {
    // Act
    const model = await loadTemplate(fixture);
    const fn = model.functions.find((f) => f.logicalId === 'OnUpload')!;

    // Assess
    expect(model.buckets?.map((b) => [b.logicalId, b.bucketName, b.arn, b.eventBridge])).toEqual([
      ['Uploads', 'local-uploads', 'arn:aws:s3:::local-uploads', false],
      ['Archive', 'kit-archive-bucket', 'arn:aws:s3:::kit-archive-bucket', false],
      ['Reports', 'local-reports', 'arn:aws:s3:::local-reports', true],
    ]);
    expect(model.eventRules).toEqual([
      {
        id: 'OnReport.ReportCreated',
        pattern: { source: ['aws.s3'], 'detail-type': ['Object Created'], detail: { bucket: { name: ['local-reports'] }, object: { key: [{ suffix: '.csv' }] } } },
        targets: [{ type: 'stateMachine', arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:local-OnReport' }],
      },
    ]);
    expect(fn.environment).toMatchObject({ BUCKET: 'local-uploads', BUCKET_ARN: 'arn:aws:s3:::local-uploads', BUCKET_DOMAIN: 'local-uploads.localhost', ARCHIVE: 'kit-archive-bucket' });
    expect(model.unsupported.filter((u) => u.includes('S3'))).toEqual([]);
  });

  it('reads CORS rules in the S3 API shape, versioning, queue notifications and SAM S3 events with their filter', async () => {
    // Act
    const model = await loadTemplate(fixture);
    const uploads = model.buckets!.find((b) => b.logicalId === 'Uploads')!;

    // Assess
    expect(uploads.corsRules).toEqual([{ AllowedOrigins: ['http://localhost:5173'], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300, ID: undefined }]);
    expect(uploads.versioning).toBe('Enabled');
    expect(uploads.notifications).toEqual([
      { id: 'Uploads.QueueConfigurations.0', target: { type: 'queue', arn: 'arn:aws:sqs:us-east-1:000000000000:local-Removals' }, events: ['s3:ObjectRemoved:*'] },
      {
        id: 'OnUpload.PdfUploaded',
        target: { type: 'function', functionLogicalId: 'OnUpload', arn: 'arn:aws:lambda:us-east-1:000000000000:function:local-OnUpload' },
        events: ['s3:ObjectCreated:*'],
        prefix: 'incoming/',
        suffix: '.pdf',
      },
    ]);
    expect(notificationConfiguration(uploads).LambdaFunctionConfigurations).toEqual([
      { Id: 'OnUpload.PdfUploaded', Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:local-OnUpload', Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }, { Name: 'suffix', Value: '.pdf' }] } } },
    ]);
  });
});
