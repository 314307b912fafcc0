import { createRequestHandler } from 'local-aws-sqs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_QUEUE_MEMBERS, messageIdOfReceiptHandle, type LocalSqsService } from '../../../local/sqs/localAwsSqsInternals.js';
import { QueueInstrumentation } from '../../../local/sqs/QueueInstrumentation.js';

function serviceWithQueue(): LocalSqsService {
  const { service } = createRequestHandler({ port: 0, queues: [{ QueueName: 'q' }] });
  return service as unknown as LocalSqsService;
}

describe('local-aws-sqs internals the kit relies on', () => {
  it('still has every queue member the instrumentation wraps', () => {
    const [queue] = serviceWithQueue().Queues;
    for (const member of REQUIRED_QUEUE_MEMBERS) expect(typeof queue![member], member).toBe('function');
  });

  it('tracks a stored message and forgets it when it is deleted through its receipt handle', async () => {
    const service = serviceWithQueue();
    const queue = service.Queues[0]!;
    const instrumentation = new QueueInstrumentation();
    instrumentation.instrument(queue);

    queue.setRecord({ MessageBody: 'hello' });
    await new Promise((resolve) => setTimeout(resolve, 5)); // a message with no delay is visible from the next tick
    const [received] = await queue.receive({ MaxNumberOfMessages: 1, WaitTimeSeconds: 0 });

    expect(instrumentation.messagesOf('q').map((message) => message.entry.record.MessageBody)).toEqual(['hello']);
    expect(messageIdOfReceiptHandle(received!.ReceiptHandle)).toBe(received!.MessageId);
    queue.delete(received!.ReceiptHandle);
    expect(instrumentation.messagesOf('q')).toEqual([]);
  });

  it('returns from a short poll on an empty queue at once with nothing', async () => {
    const service = serviceWithQueue();
    const instrumentation = new QueueInstrumentation();
    instrumentation.instrument(service.Queues[0]!);

    await expect(service.Queues[0]!.receive({ MaxNumberOfMessages: 10, WaitTimeSeconds: 0 })).resolves.toEqual([]);
  });

  it('reads no message id from a receipt handle it does not know', () => {
    expect(messageIdOfReceiptHandle('not-a-handle')).toBeUndefined();
  });
});
