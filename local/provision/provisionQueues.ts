import { CreateQueueCommand, GetQueueUrlCommand, QueueNameExists, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { QueueDef } from '../template/model.js';
import type { ProvisionReport } from './provisionTables.js';

/** Attributes SQS fixes at creation (`SetQueueAttributes` refuses them). */
const CREATION_ONLY = new Set(['FifoQueue']);

/**
 * Creates the template's queues in the SQS at `endpoint`, dead-letter queues before the queues
 * that redrive to them. A queue that exists gets the template's attributes with
 * `SetQueueAttributes` (its messages stay), so a changed `VisibilityTimeout` or `RedrivePolicy`
 * applies at the next start.
 *
 * @example
 * const report = await provisionQueues(model.queues, sqs.url);
 */
export async function provisionQueues(queues: QueueDef[], endpoint: string): Promise<ProvisionReport> {
  const client = new SQSClient(localClientConfig(endpoint));
  const report: ProvisionReport = { created: [], existing: [], notes: [] };
  try {
    for (const queue of inCreationOrder(queues)) {
      const attributes = normaliseAttributes(queue.attributes);
      try {
        await client.send(new CreateQueueCommand({ QueueName: queue.queueName, Attributes: attributes }));
        report.created.push(queue.queueName);
        continue;
      } catch (error) {
        if (!(error instanceof QueueNameExists) && (error as Error).name !== 'QueueNameExists') throw error;
      }
      report.existing.push(queue.queueName);
      const settable = Object.fromEntries(Object.entries(attributes).filter(([name]) => !CREATION_ONLY.has(name)));
      if (!Object.keys(settable).length) continue;
      const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: queue.queueName }));
      await client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: settable }));
    }
  } finally {
    client.destroy();
  }
  return report;
}

/** Queues ordered so that every dead-letter queue comes before the queues pointing at it. */
function inCreationOrder(queues: QueueDef[]): QueueDef[] {
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  const ordered: QueueDef[] = [];
  const visiting = new Set<QueueDef>();
  const visit = (queue: QueueDef): void => {
    if (ordered.includes(queue) || visiting.has(queue)) return;
    visiting.add(queue);
    const target = deadLetterTargetArn(queue.attributes.RedrivePolicy);
    const dlq = target ? byArn.get(target) : undefined;
    if (dlq) visit(dlq);
    visiting.delete(queue);
    ordered.push(queue);
  };
  for (const queue of queues) visit(queue);
  return ordered;
}

/** The `deadLetterTargetArn` of a queue's `RedrivePolicy` JSON; undefined without one or when it is not JSON. */
export function deadLetterTargetArn(redrivePolicy: string | undefined): string | undefined {
  if (!redrivePolicy) return undefined;
  try {
    return (JSON.parse(redrivePolicy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
  } catch {
    return undefined;
  }
}

/** `maxReceiveCount` from a template parameter arrives as a string; SQS wants a number in the JSON. */
function normaliseAttributes(attributes: Record<string, string>): Record<string, string> {
  const result = { ...attributes };
  if (result.RedrivePolicy) {
    const policy = JSON.parse(result.RedrivePolicy) as { deadLetterTargetArn?: string; maxReceiveCount?: number | string };
    result.RedrivePolicy = JSON.stringify({ ...policy, maxReceiveCount: Number(policy.maxReceiveCount) });
  }
  return result;
}
