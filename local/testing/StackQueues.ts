import { DeleteMessageBatchCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** SQS's largest receive. */
const MAX_MESSAGES = 10;

/** The template's queues, by logical id or queue name. */
export class StackQueues {
  private readonly urls = new Map<string, Promise<string>>();

  /** `names` maps logical ids to queue names. */
  constructor(
    private readonly sqs: () => SQSClient,
    private readonly names: Record<string, string>,
  ) {}

  /**
   * Receives and deletes every visible message of a queue; returns their bodies, oldest first as
   * SQS hands them out. Messages in flight (received by a consumer, not yet deleted) or delayed
   * are not visible, so not drained.
   *
   * @example
   * const jobs = (await stack.queues.drain('TaskDeadLetterQueue')).map((body) => JSON.parse(body));
   */
  async drain(queue: string): Promise<string[]> {
    const QueueUrl = await this.url(queue);
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await this.sqs().send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: MAX_MESSAGES, WaitTimeSeconds: 0 }));
      if (Messages.length === 0) return bodies;
      bodies.push(...Messages.map((message) => message.Body ?? ''));
      await this.sqs().send(
        new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })) }),
      );
    }
  }

  /** Messages available to receive now (`ApproximateNumberOfMessages`: neither in flight nor delayed). */
  async depth(queue: string): Promise<number> {
    const { Attributes } = await this.sqs().send(new GetQueueAttributesCommand({ QueueUrl: await this.url(queue), AttributeNames: ['ApproximateNumberOfMessages'] }));
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  }

  /** A queue's URL, by logical id or name. */
  url(queue: string): Promise<string> {
    const name = this.names[queue] ?? queue;
    let url = this.urls.get(name);
    if (!url) {
      url = this.sqs()
        .send(new GetQueueUrlCommand({ QueueName: name }))
        .then((answer) => answer.QueueUrl!);
      url.catch(() => this.urls.delete(name));
      this.urls.set(name, url);
    }
    return url;
  }
}
