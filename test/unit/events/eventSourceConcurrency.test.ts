import { describe, expect, it } from 'vitest';
import { eventSourceConcurrency } from '../../../local/events/startSqsEventSources.js';
import type { FunctionDef, QueueDef, SqsEventSourceDef, TemplateModel } from '../../../local/template/model.js';

function modelWith(source: Partial<SqsEventSourceDef>, fn: Partial<FunctionDef> = {}, queue: Partial<QueueDef> = {}) {
  const sourceDef: SqsEventSourceDef = {
    functionLogicalId: 'Processor',
    eventId: 'Queue',
    queueLogicalId: 'Tasks',
    queueArn: 'arn:aws:sqs:us-east-1:000000000000:tasks',
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
    reportBatchItemFailures: true,
    enabled: true,
    ...source,
  };
  const model = {
    functions: [{ logicalId: 'Processor', ...fn }],
    queues: [{ logicalId: 'Tasks', queueName: 'tasks', arn: sourceDef.queueArn, fifo: false, attributes: {}, ...queue }],
    sqsEventSources: [sourceDef],
  } as unknown as TemplateModel;
  return { model, sourceDef };
}

describe('eventSourceConcurrency', () => {
  it("uses Lambda's five concurrent batches when MaximumConcurrency is not set", () => {
    const { model, sourceDef } = modelWith({});
    expect(eventSourceConcurrency(sourceDef, model)).toBe(5);
  });

  it('uses MaximumConcurrency, never below the 2 Lambda accepts', () => {
    expect(eventSourceConcurrency(...swap(modelWith({ maximumConcurrency: 8 })))).toBe(8);
    expect(eventSourceConcurrency(...swap(modelWith({ maximumConcurrency: 1 })))).toBe(2);
  });

  it("never exceeds the function's reserved concurrency", () => {
    expect(eventSourceConcurrency(...swap(modelWith({ maximumConcurrency: 8 }, { reservedConcurrency: 3 })))).toBe(3);
  });

  it('runs one batch at a time for a FIFO queue, keeping message groups in order', () => {
    expect(eventSourceConcurrency(...swap(modelWith({ maximumConcurrency: 8 }, {}, { fifo: true })))).toBe(1);
  });
});

function swap({ model, sourceDef }: { model: TemplateModel; sourceDef: SqsEventSourceDef }): [SqsEventSourceDef, TemplateModel] {
  return [sourceDef, model];
}
