/**
 * The embedded SQS with independent clients: the AWS CLI and boto3 (python3), each with its own
 * protocol stack, against the server the stack runs.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsServer, type SqsServer } from '../../local/sqs/index.js';

const run = promisify(execFile);
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

let server: SqsServer;

beforeAll(async () => {
  server = await startSqsServer({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('aws', ['--endpoint-url', server.url, '--output', 'json', 'sqs', ...args], { env });
  return stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
}

describe('embedded SQS with the AWS CLI', () => {
  it('creates queues with a redrive policy, sends, receives with attributes, deletes', async () => {
    await aws('create-queue', '--queue-name', 'cli-dlq');
    const { QueueUrl } = await aws(
      'create-queue',
      '--queue-name',
      'cli-queue',
      '--attributes',
      JSON.stringify({ VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:cli-dlq', maxReceiveCount: 3 }) }),
    );
    expect(QueueUrl).toBe(`${server.url}/000000000000/cli-queue`);

    const sent = await aws('send-message', '--queue-url', String(QueueUrl), '--message-body', '{"task_id":"t-1","prompt":"hi"}', '--message-attributes', '{"kind":{"DataType":"String","StringValue":"task"}}');
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('{"task_id":"t-1","prompt":"hi"}').digest('hex'));

    const received = await aws('receive-message', '--queue-url', String(QueueUrl), '--attribute-names', 'All', '--message-attribute-names', 'All', '--wait-time-seconds', '5');
    const [message] = received.Messages as { MessageId: string; Body: string; ReceiptHandle: string; Attributes: Record<string, string>; MessageAttributes: Record<string, { StringValue: string }> }[];
    expect(message!.MessageId).toBe(sent.MessageId);
    expect(message!.Body).toBe('{"task_id":"t-1","prompt":"hi"}');
    expect(message!.Attributes.ApproximateReceiveCount).toBe('1');
    expect(message!.MessageAttributes.kind!.StringValue).toBe('task');

    const inFlight = await aws('get-queue-attributes', '--queue-url', String(QueueUrl), '--attribute-names', 'ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'RedrivePolicy');
    expect(inFlight.Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });

    await aws('delete-message', '--queue-url', String(QueueUrl), '--receipt-handle', message!.ReceiptHandle);
    const after = await aws('get-queue-attributes', '--queue-url', String(QueueUrl), '--attribute-names', 'ApproximateNumberOfMessagesNotVisible');
    expect(after.Attributes).toMatchObject({ ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('answers QueueDoesNotExist for an unknown queue', async () => {
    await expect(aws('get-queue-url', '--queue-name', 'no-such-queue')).rejects.toThrow(/NonExistentQueue|QueueDoesNotExist/);
  });
});

describe('embedded SQS with boto3', () => {
  it('keeps FIFO order and dedup, and moves a message to the DLQ after maxReceiveCount', async () => {
    const script = `
import boto3, json, sys
sqs = boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='local', aws_secret_access_key='local')
fifo = sqs.create_queue(QueueName='py.fifo', Attributes={'FifoQueue': 'true'})['QueueUrl']
for n in range(3):
    sqs.send_message(QueueUrl=fifo, MessageBody=str(n), MessageGroupId='g', MessageDeduplicationId='d%d' % n)
sqs.send_message(QueueUrl=fifo, MessageBody='dup', MessageGroupId='g', MessageDeduplicationId='d0')
got = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10, WaitTimeSeconds=5, AttributeNames=['All'])['Messages']
dlq = sqs.create_queue(QueueName='py-dlq')['QueueUrl']
src = sqs.create_queue(QueueName='py-src', Attributes={'RedrivePolicy': json.dumps({'deadLetterTargetArn': 'arn:aws:sqs:us-east-1:000000000000:py-dlq', 'maxReceiveCount': 2})})['QueueUrl']
sent = sqs.send_message(QueueUrl=src, MessageBody='poison')['MessageId']
for _ in range(2):
    sqs.receive_message(QueueUrl=src, VisibilityTimeout=0, WaitTimeSeconds=5)
dead = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=5, AttributeNames=['All']).get('Messages', [])
print(json.dumps({'fifo': [m['Body'] for m in got], 'group': got[0]['Attributes'].get('MessageGroupId'), 'sent': sent, 'dead': [m['MessageId'] for m in dead]}))
`;
    const { stdout } = await run('python3', ['-c', script, server.url], { env });
    const result = JSON.parse(stdout) as { fifo: string[]; group: string; sent: string; dead: string[] };
    expect(result.fifo).toEqual(['0', '1', '2']);
    expect(result.group).toBe('g');
    expect(result.dead).toEqual([result.sent]);
  });
});
