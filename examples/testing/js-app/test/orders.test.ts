import { describe, expect, it } from 'vitest';
import { useStack } from 'serverless-genai-kit/testing/vitest';

const stack = useStack();

describe('POST /orders', () => {
  it("queues the order with the model's summary", async () => {
    await stack.bedrock.fixtures({ match: { lastUserMessage: '3 × mug' }, respond: { text: 'Three mugs, boxed.' } });

    const placed = await stack.api<{ status: string; summary: string }>('/orders', { body: { item: 'mug', quantity: 3 } });

    expect(placed.status).toBe(202);
    expect(placed.body).toEqual({ status: 'queued', summary: 'Three mugs, boxed.' });
    const queued = (await stack.queues.drain('OrdersQueue')).map((body) => JSON.parse(body) as unknown);
    expect(queued).toEqual([{ item: 'mug', quantity: 3, summary: 'Three mugs, boxed.' }]);
    await expect(stack.bedrock).toHaveBeenCalledWithPrompt('Summarise this order: 3 × mug');
    await expect(stack.bedrock).toHaveBeenCalledWithSystem(/warehouse/);
    await expect(stack.bedrock).toHaveBeenCalledWithModel('us.anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  it('refuses an order without a quantity, and neither asks the model nor queues anything', async () => {
    const refused = await stack.api('/orders', { body: { item: 'kettle' } });

    expect(refused.status).toBe(400);
    await expect(stack.bedrock).not.toHaveBeenCalledWithPrompt('kettle');
    expect(await stack.queues.depth('OrdersQueue')).toBe(0);
    const last = (await stack.invocations('OrderFunction')).at(-1);
    expect(last).toMatchObject({ status: 'ok', payload: { statusCode: 400 } });
  });

  it('answers 500 when Bedrock refuses, and queues nothing', async () => {
    await stack.bedrock.faults({ fault: 'accessDenied', times: 1 });

    const failed = await stack.api('/orders', { body: { item: 'vase', quantity: 1 } });

    expect(failed.status).toBe(500);
    expect((await stack.invocations('OrderFunction')).at(-1)).toMatchObject({ status: 'error', error: { errorType: 'AccessDeniedException' } });
    expect(await stack.queues.depth('OrdersQueue')).toBe(0);
  });
});
