/**
 * The Queues page's data, over the SQS API of whichever SQS the stack uses:
 * `GET /api/queues` (visible, in flight, delayed, the oldest message's age), `GET
 * /api/queues/:name/messages` (a dead-letter queue's messages, left in place) and
 * `POST /api/queues/:name/redrive` (moved back to their source queue).
 *
 * The oldest message's age comes from the embedded SQS itself; with an external SQS (ElasticMQ) only
 * dead-letter queues show it, from a peek. Only dead-letter queues are peeked: a peek is a receive,
 * and receives count towards a source queue's `maxReceiveCount`. Peeks and redrives of one queue run one at a time: a redrive during a
 * peek would find the peeked messages hidden.
 */
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { FastifyInstance } from 'fastify';
import { deadLetterTargetArn } from '../provision/provisionQueues.js';
import { peek, redrive } from '../sqs/deadLetterMessages.js';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { ConsoleContext } from './consoleContext.js';

export interface QueueView {
  logicalId: string;
  name: string;
  visible: number;
  inFlight: number;
  delayed: number;
  /** Name of the queue this one's failures go to. */
  deadLetterQueue?: string;
  /** Set on a queue that is another one's dead-letter queue. */
  isDeadLetterQueue: boolean;
  oldestAgeSeconds?: number;
}

const PEEK_MAX = 50;

export function registerQueueRoutes(app: FastifyInstance, { model, endpoints, queueAges }: ConsoleContext): () => void {
  if (!endpoints.sqs) return () => undefined;
  const sqs = new SQSClient(localClientConfig(endpoints.sqs));
  const urlOf = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
  const exclusive = queueLock();
  const deadLetterNames = () => new Set(model.queues.map((queue) => deadLetterTargetArn(queue.attributes.RedrivePolicy)?.split(':').pop()).filter(Boolean));

  app.get('/api/queues', async () => {
    const dlqs = deadLetterNames();
    const queues: QueueView[] = await Promise.all(
      model.queues.map(async (queue) => {
        const url = await urlOf(queue.queueName);
        const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
        const isDeadLetterQueue = dlqs.has(queue.queueName);
        const view: QueueView = {
          logicalId: queue.logicalId,
          name: queue.queueName,
          visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
          inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
          delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
          deadLetterQueue: deadLetterTargetArn(Attributes.RedrivePolicy)?.split(':').pop(),
          isDeadLetterQueue,
        };
        if (queueAges) view.oldestAgeSeconds = queueAges(queue.queueName);
        else if (isDeadLetterQueue && view.visible > 0) view.oldestAgeSeconds = oldestAgeSeconds(await exclusive(queue.queueName, () => peek(sqs, url, PEEK_MAX)));
        return view;
      }),
    );
    return { queues };
  });

  app.get<{ Params: { name: string } }>('/api/queues/:name/messages', async (request, reply) => {
    if (!deadLetterNames().has(request.params.name)) return reply.code(400).send({ message: 'Only dead-letter queues can be peeked from the console' });
    const url = await urlOf(request.params.name);
    const messages = await exclusive(request.params.name, () => peek(sqs, url, PEEK_MAX));
    return { messages: messages.map(messageView) };
  });

  app.post<{ Params: { name: string } }>('/api/queues/:name/redrive', async (request, reply) => {
    if (!deadLetterNames().has(request.params.name)) return reply.code(400).send({ message: `${request.params.name} is not a dead-letter queue` });
    const url = await urlOf(request.params.name);
    const moved = await exclusive(request.params.name, () => redrive(sqs, url, undefined, 1000));
    return { moved: moved.count, unplaced: moved.unplaced, to: [...moved.targets].map((url) => url.split('/').pop()) };
  });
  return () => sqs.destroy();
}

/** Runs work on a queue after the work already under way on it. */
function queueLock() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(queue: string, work: () => Promise<T>): Promise<T> => {
    const result = (tails.get(queue) ?? Promise.resolve()).catch(() => undefined).then(work);
    tails.set(queue, result);
    return result;
  };
}

function oldestAgeSeconds(messages: Message[]): number | undefined {
  const sent = messages.map((message) => Number(message.Attributes?.SentTimestamp)).filter((time) => time > 0);
  return sent.length ? Math.round((Date.now() - Math.min(...sent)) / 1000) : undefined;
}

function messageView(message: Message) {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId,
    body: message.Body,
    sentAt: attributes.SentTimestamp ? new Date(Number(attributes.SentTimestamp)).toISOString() : undefined,
    receiveCount: Number(attributes.ApproximateReceiveCount ?? 0),
    source: attributes.DeadLetterQueueSourceArn?.split(':').pop(),
  };
}
