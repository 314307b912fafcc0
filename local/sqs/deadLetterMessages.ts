/**
 * Dead-letter queue work over the SQS API, shared by `genai-kit dlq`/`redrive` and the console:
 * peeking at messages without consuming them (received, then made visible again at once) and
 * moving them back to the queue they came from (their `DeadLetterQueueSourceArn`, or the DLQ's only
 * source queue).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** Seconds a listed or moved message stays hidden while it is worked on. */
const HOLD_SECONDS = 30;

/** The URL of the queue an ARN names; a queue that does not exist is an error. */
export async function urlOfArn(sqs: SQSClient, arn: string | undefined): Promise<string | undefined> {
  const name = arn?.split(':').pop();
  if (!name) return undefined;
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
}

/** Receives up to `max` messages, then makes every one of them visible again. */
export async function peek(sqs: SQSClient, queueUrl: string, max: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  try {
    while (seen.size < max) {
      const batch = await receive(sqs, queueUrl, Math.min(10, max - seen.size));
      if (batch.length === 0) break;
      for (const message of batch) seen.set(message.MessageId ?? '', message);
    }
  } finally {
    await release(sqs, queueUrl, [...seen.values()]);
  }
  return [...seen.values()];
}

export async function redrive(
  sqs: SQSClient,
  dlqUrl: string,
  fixedTarget: string | undefined,
  max: number,
): Promise<{ count: number; unplaced: number; targets: Set<string> }> {
  const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
  const onlySource = sources.queueUrls?.length === 1 ? sources.queueUrls[0] : undefined;
  const result = { count: 0, unplaced: 0, targets: new Set<string>() };
  const unplaced: Message[] = [];
  while (result.count + unplaced.length < max) {
    const batch = await receive(sqs, dlqUrl, Math.min(10, max - result.count - unplaced.length));
    if (batch.length === 0) break;
    const byTarget = new Map<string, Message[]>();
    for (const message of batch) {
      const sourceArn = message.Attributes?.DeadLetterQueueSourceArn;
      // A source queue deleted since: the message stays unplaced.
      const target = fixedTarget ?? (sourceArn ? await urlOfArn(sqs, sourceArn).catch(() => undefined) : onlySource);
      if (!target) {
        unplaced.push(message);
        continue;
      }
      byTarget.set(target, [...(byTarget.get(target) ?? []), message]);
    }
    for (const [target, messages] of byTarget) {
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: target,
          Entries: messages.map((message, index) => ({
            Id: String(index),
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes && Object.keys(message.MessageAttributes).length ? { MessageAttributes: message.MessageAttributes } : {}),
            ...(message.Attributes?.MessageGroupId ? { MessageGroupId: message.Attributes.MessageGroupId } : {}),
            ...(message.Attributes?.MessageDeduplicationId ? { MessageDeduplicationId: message.Attributes.MessageDeduplicationId } : {}),
          })),
        }),
      );
      const movedIds = new Set((sent.Successful ?? []).map((entry) => entry.Id));
      const moved = messages.filter((_, index) => movedIds.has(String(index)));
      if (moved.length) {
        await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: moved.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })) }),
        );
      }
      await release(sqs, dlqUrl, messages.filter((_, index) => !movedIds.has(String(index))));
      result.count += moved.length;
      if (moved.length) result.targets.add(target);
    }
  }
  await release(sqs, dlqUrl, unplaced);
  result.unplaced = unplaced.length;
  return result;
}

export async function receive(sqs: SQSClient, queueUrl: string, max: number): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: max,
      VisibilityTimeout: HOLD_SECONDS,
      WaitTimeSeconds: 0,
      AttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages;
}

/** Makes received messages visible again now. */
export async function release(sqs: SQSClient, queueUrl: string, messages: Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += 10) {
    const chunk = messages.slice(start, start + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: 0 })),
      }),
    );
  }
}
