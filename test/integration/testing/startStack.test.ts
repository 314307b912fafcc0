/**
 * The testing API's `startStack` on another team's template (examples/testing/js-app: one Node.js
 * function behind an HTTP API, a queue, Bedrock): the stack it starts, its clients and helpers.
 */
import { GetQueueUrlCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotInStackError, startStack, type StartedTestStack } from '../../../local/testing/index.js';

const projectDir = 'examples/testing/js-app';
let stack: StartedTestStack;

beforeAll(async () => {
  stack = await startStack({ projectDir, parameterOverrides: { ModelId: 'us.amazon.nova-lite-v1:0' } });
});
afterAll(() => stack?.stop());

describe('startStack (testing API)', () => {
  it('serves the template: the API answers, the function queued the order, the model was asked', async () => {
    const placed = await stack.api<{ status: string; summary: string }>('/orders', { body: { item: 'lamp', quantity: 2 } });

    expect(placed.status).toBe(202);
    expect(await stack.queues.depth('OrdersQueue')).toBe(1);
    const bodies = await stack.queues.drain('OrdersQueue');
    expect(bodies.map((body) => JSON.parse(body) as unknown)).toEqual([{ item: 'lamp', quantity: 2, summary: placed.body.summary }]);
    expect(await stack.queues.depth('OrdersQueue')).toBe(0);
    const [call] = await stack.bedrock.invocations();
    expect(call.modelId).toBe('us.amazon.nova-lite-v1:0');
  });

  it('records each function invocation with its event and result', async () => {
    const before = (await stack.invocations('OrderFunction')).length;
    await stack.api('/orders', { body: { item: 'chair' } });

    const invocations = await stack.invocations('OrderFunction');
    expect(invocations).toHaveLength(before + 1);
    const last = invocations.at(-1)!;
    expect(last).toMatchObject({ functionId: 'OrderFunction', status: 'ok', payload: { statusCode: 400 } });
    expect(JSON.parse((last.event as { body: string }).body)).toEqual({ item: 'chair' });
    await expect(stack.invocations('NoSuchFunction')).rejects.toThrow(NotInStackError);
  });

  it('scripts the model with fixtures and faults', async () => {
    await stack.bedrock.fixtures({ match: { lastUserMessage: 'teapot' }, respond: { text: 'One teapot, fragile.' } });
    await stack.bedrock.faults({ fault: 'accessDenied', times: 1 });

    const refused = await stack.api('/orders', { body: { item: 'teapot', quantity: 1 } });
    const answered = await stack.api<{ summary: string }>('/orders', { body: { item: 'teapot', quantity: 1 } });

    expect(refused.status).toBe(500);
    expect(answered.body.summary).toBe('One teapot, fragile.');
    await stack.queues.drain('OrdersQueue');
    await stack.bedrock.reset();
    expect(await stack.bedrock.invocations()).toEqual([]);
  });

  it('hands out SDK clients for the services the stack runs, and says which it does not', async () => {
    const { QueueUrl } = await stack.clients.sqs.send(new GetQueueUrlCommand({ QueueName: stack.description.queues.OrdersQueue }));
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'by hand' }));
    expect(await stack.queues.drain(stack.description.queues.OrdersQueue)).toEqual(['by hand']);

    expect(() => stack.clients.sfn).toThrow(/runs no stepfunctions/);
    const before = await stack.clock.now();
    await stack.clock.advance('1h');
    expect(await stack.clock.now()).toBeGreaterThanOrEqual(before + 3_600_000);
    await expect(stack.tokenFor('alice')).rejects.toThrow(/cannot mint tokens/);
  });
});
