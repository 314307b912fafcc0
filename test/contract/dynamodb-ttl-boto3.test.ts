/**
 * The kit's DynamoDB TTL operations seen by independent clients, on dynalite (which has none of its
 * own): boto3's update_time_to_live / describe_time_to_live and the AWS CLI's describe-time-to-live.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb, type RunningEmbeddedDynamoDb } from '../../local/dynamodb/startDynamoDb.js';

const run = promisify(execFile);
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

const BOTO3_SCRIPT = `
import boto3, json, sys
from botocore.exceptions import ClientError
db = boto3.client('dynamodb', endpoint_url=sys.argv[1], region_name='us-east-1')
db.create_table(TableName='boto-ttl', AttributeDefinitions=[{'AttributeName': 'pk', 'AttributeType': 'S'}],
                KeySchema=[{'AttributeName': 'pk', 'KeyType': 'HASH'}], BillingMode='PAY_PER_REQUEST')
before = db.describe_time_to_live(TableName='boto-ttl')['TimeToLiveDescription']
updated = db.update_time_to_live(TableName='boto-ttl', TimeToLiveSpecification={'AttributeName': 'expires_at', 'Enabled': True})['TimeToLiveSpecification']
try:
    db.update_time_to_live(TableName='boto-ttl', TimeToLiveSpecification={'AttributeName': 'expires_at', 'Enabled': True})
    again = None
except ClientError as e:
    again = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
try:
    db.describe_time_to_live(TableName='no-such-table')
    missing = None
except ClientError as e:
    missing = e.response['Error']['Code']
print(json.dumps({'before': before, 'updated': updated, 'again': again, 'missing': missing}))
`;

let db: RunningEmbeddedDynamoDb;

beforeAll(async () => {
  db = await startDynamoDb({ backend: 'dynalite', host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await db?.close();
});

describe('DynamoDB TTL operations (boto3, AWS CLI)', () => {
  it('enables and describes TTL with DynamoDB’s answers and errors', async () => {
    const { stdout } = await run('python3', ['-c', BOTO3_SCRIPT, db.url], { env });
    expect(JSON.parse(stdout)).toEqual({
      before: { TimeToLiveStatus: 'DISABLED' },
      updated: { AttributeName: 'expires_at', Enabled: true },
      again: ['ValidationException', 'TimeToLive is already enabled', 400],
      missing: 'ResourceNotFoundException',
    });
    const cli = await run('aws', ['dynamodb', 'describe-time-to-live', '--table-name', 'boto-ttl', '--endpoint-url', db.url, '--output', 'json'], { env });
    expect(JSON.parse(cli.stdout)).toEqual({ TimeToLiveDescription: { TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' } });
  }, 60_000);
});
