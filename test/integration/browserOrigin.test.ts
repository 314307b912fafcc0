/**
 * The local DynamoDB and SQS check no signatures, so requests from web pages on other sites are
 * refused (a cross-site form post needs no preflight; dynalite allowed any origin), while SDKs (no
 * `Origin`) and pages served from localhost keep working.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDb } from '../../local/dynamodb/startDynamoDb.js';
import { startSqsServer, type SqsServer } from '../../local/sqs/index.js';
import { foreignOrigin } from '../../local/stack/browserOrigin.js';

const EVIL = 'http://evil.example';
/** dynalite wants a signature's form, not a valid one: which is why a page must not reach it. */
const UNCHECKED_SIGNATURE = { authorization: 'AWS4-HMAC-SHA256 Credential=local/20261207/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00', 'x-amz-date': '20261207T000000Z' };
const listTables = (url: string, origin?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', ...UNCHECKED_SIGNATURE, ...(origin ? { origin } : {}) }, body: '{}' });

describe('requests from web pages on other sites', () => {
  let dynamoDb: Awaited<ReturnType<typeof startDynamoDb>>;
  let sqs: SqsServer;
  let client: SQSClient;
  beforeAll(async () => {
    [dynamoDb, sqs] = await Promise.all([startDynamoDb({ backend: 'dynalite', host: '127.0.0.1', port: 0 }), startSqsServer({ port: 0 })]);
    client = new SQSClient({ endpoint: sqs.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client?.destroy();
    await Promise.all([dynamoDb?.close(), sqs?.close()]);
  });

  it('tells loopback pages from other sites', () => {
    for (const local of [undefined, 'http://localhost:5173', 'http://127.0.0.1:3000', 'https://[::1]:8443']) expect(foreignOrigin(local)).toBeUndefined();
    for (const foreign of [EVIL, 'http://127.0.0.1.evil.example', 'null', 'file://', 'http://192.168.1.5:3000']) expect(foreignOrigin(foreign)).toBe(foreign);
  });

  it('DynamoDB: refuses a foreign page and its preflight, serves a local page and the SDK', async () => {
    const refused = await listTables(dynamoDb.url, EVIL);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ __type: 'com.amazon.coral.service#AccessDeniedException', message: expect.stringContaining(EVIL) });
    const preflight = await fetch(dynamoDb.url, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect((await listTables(dynamoDb.url, 'http://localhost:5173')).status).toBe(200);
    expect((await listTables(dynamoDb.url)).status).toBe(200);
  });

  it('SQS: a cross-site form post sends nothing; the SDK still does', async () => {
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: 'origin-check' }));
    const form = new URLSearchParams({ Action: 'SendMessage', QueueUrl: QueueUrl!, MessageBody: 'forged' });
    const forged = await fetch(QueueUrl!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL }, body: form });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('AccessDenied');
    const depth = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(depth.Attributes?.ApproximateNumberOfMessages).toBe('0');
    const local = await fetch(QueueUrl!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:5173' }, body: form });
    expect(local.status).toBe(200);
  });
});
