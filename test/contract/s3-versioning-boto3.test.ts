/**
 * Versioning of the local S3 seen by independent clients: boto3 (versions, delete markers, the
 * ListObjectVersions paginator, DeleteObjects by version) and the AWS CLI (`s3api list-object-versions`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../local/s3/index.js';

const run = promisify(execFile);
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

const BOTO3_SCRIPT = `
import boto3, json, sys
from botocore.exceptions import ClientError
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
s3.create_bucket(Bucket='boto-versions')
s3.put_bucket_versioning(Bucket='boto-versions', VersioningConfiguration={'Status': 'Enabled'})
ids = [s3.put_object(Bucket='boto-versions', Key='k', Body=body)['VersionId'] for body in (b'one', b'two', b'three')]
marker = s3.delete_object(Bucket='boto-versions', Key='k')
try:
    s3.get_object(Bucket='boto-versions', Key='k')
    hidden = None
except ClientError as e:
    hidden = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPHeaders'].get('x-amz-delete-marker')]
try:
    s3.head_object(Bucket='boto-versions', Key='k', VersionId='B' * 32)
    unknown = None
except ClientError as e:
    unknown = e.response['ResponseMetadata']['HTTPStatusCode']
pages = [
    [[v['VersionId'], v['IsLatest']] for v in page.get('Versions', [])] + [[m['VersionId'], m['IsLatest'], 'marker'] for m in page.get('DeleteMarkers', [])]
    for page in s3.get_paginator('list_object_versions').paginate(Bucket='boto-versions', PaginationConfig={'PageSize': 2})
]
removed = s3.delete_objects(Bucket='boto-versions', Delete={'Objects': [{'Key': 'k', 'VersionId': marker['VersionId']}, {'Key': 'k', 'VersionId': ids[2]}]})
current = s3.get_object(Bucket='boto-versions', Key='k')
print(json.dumps({
    'ids': ids, 'marker': [marker.get('DeleteMarker'), marker['VersionId']], 'hidden': hidden, 'unknown': unknown, 'pages': pages,
    'removed': sorted([d['VersionId'], d.get('DeleteMarker', False)] for d in removed['Deleted']),
    'current': [current['Body'].read().decode(), current['VersionId']],
}))
`;

let s3: RunningS3;

beforeAll(async () => {
  s3 = await startS3Server({ port: 0 });
});

afterAll(async () => {
  await s3?.close();
});

describe('local S3 versioning with boto3 and the AWS CLI', () => {
  it('keeps versions, hides a key behind a delete marker, pages ListObjectVersions and deletes by version id (boto3)', async () => {
    // Act
    const { stdout } = await run('python3', ['-c', BOTO3_SCRIPT, s3.url], { env });
    const result = JSON.parse(stdout) as { ids: string[]; marker: [boolean, string]; hidden: [string, string]; unknown: number; pages: unknown[][]; removed: [string, boolean][]; current: [string, string] };

    // Assess
    const [one, two, three] = result.ids;
    const markerId = result.marker[1];
    expect(result.marker[0]).toBe(true);
    expect(result.hidden).toEqual(['NoSuchKey', 'true']);
    expect(result.unknown).toBe(404);
    expect(result.pages).toEqual([[[three, false], [markerId, true, 'marker']], [[two, false], [one, false]]]);
    expect(result.removed).toEqual([[markerId, true], [three, false]].sort());
    expect(result.current).toEqual(['two', two]);
  });

  it('lists versions and delete markers with aws s3api list-object-versions', async () => {
    // Prepare
    const aws = async (...args: string[]) => (await run('aws', ['--endpoint-url', s3.url, ...args], { env })).stdout;
    await aws('s3api', 'create-bucket', '--bucket', 'cli-versions');
    await aws('s3api', 'put-bucket-versioning', '--bucket', 'cli-versions', '--versioning-configuration', 'Status=Enabled');
    await aws('s3api', 'put-object', '--bucket', 'cli-versions', '--key', 'a.txt');
    await aws('s3api', 'delete-object', '--bucket', 'cli-versions', '--key', 'a.txt');

    // Act
    const listed = JSON.parse(await aws('s3api', 'list-object-versions', '--bucket', 'cli-versions')) as { Versions: { Key: string; IsLatest: boolean }[]; DeleteMarkers: { Key: string; IsLatest: boolean }[] };
    const status = JSON.parse(await aws('s3api', 'get-bucket-versioning', '--bucket', 'cli-versions')) as { Status: string };

    // Assess
    expect(status.Status).toBe('Enabled');
    expect(listed.Versions.map((v) => [v.Key, v.IsLatest])).toEqual([['a.txt', false]]);
    expect(listed.DeleteMarkers.map((m) => [m.Key, m.IsLatest])).toEqual([['a.txt', true]]);
  });
});
