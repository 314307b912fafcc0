import {
  ConverseStreamCommand,
  ModelStreamErrorException,
  ThrottlingException,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBedrockServer, type AnswerPart, type Responder, type RunningBedrock } from '../../../local/bedrock/index.js';
import { HAIKU, sdkClient } from './sdkClient.js';

/**
 * A responder that says "first", then waits for the test to open the gate (or for the fake to
 * abort it because the client went away) before saying the rest.
 */
function gatedResponder(): Responder & { open(): void; finished: Promise<void>; aborted: boolean } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const responder = {
    name: 'gated',
    open,
    finished,
    aborted: false,
    async *respond(_request: unknown, signal: AbortSignal): AsyncIterable<AnswerPart> {
      try {
        yield { kind: 'text', text: 'first' };
        await Promise.race([gate, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
        responder.aborted = signal.aborted;
        if (signal.aborted) return;
        yield { kind: 'text', text: ' second third' };
      } finally {
        finish();
      }
    },
  };
  return responder;
}

const ask = (text: string) => ({ modelId: HAIKU, messages: [{ role: 'user' as const, content: [{ text }] }] });

describe('fake Bedrock ConverseStream', () => {
  let bedrock: RunningBedrock;
  const gated = gatedResponder();
  const abandoned = gatedResponder();
  beforeAll(async () => {
    bedrock = await startBedrockServer({ responders: { gated, abandoned } });
  });
  afterAll(async () => {
    await bedrock.close();
  });

  it('streams the exact events the SDK decodes, ending with usage metadata', async () => {
    const client = sdkClient(bedrock.url);
    const response = await client.send(new ConverseStreamCommand(ask('Tell me about queues')));
    const events: ConverseStreamOutput[] = [];
    for await (const event of response.stream ?? []) events.push(event);
    client.destroy();

    expect(events[0].messageStart?.role).toBe('assistant');
    const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toContain('Tell me about queues');
    expect(events.at(-3)?.contentBlockStop?.contentBlockIndex).toBe(0);
    expect(events.at(-2)?.messageStop?.stopReason).toBe('end_turn');
    expect(events.at(-1)?.metadata?.usage?.outputTokens).toBe(events.filter((event) => event.contentBlockDelta).length);
  });

  it('is incremental: the client holds the first delta while the fake still waits to produce the rest', async () => {
    const client = sdkClient(bedrock.url);
    const command = new ConverseStreamCommand(ask('gate'));
    command.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-fake-bedrock-responder'] = 'gated';
      return next(args);
    }, { step: 'build' });
    const response = await client.send(command);
    const iterator = (response.stream as AsyncIterable<ConverseStreamOutput>)[Symbol.asyncIterator]();

    expect((await iterator.next()).value?.messageStart).toBeDefined();
    expect((await iterator.next()).value?.contentBlockDelta?.delta?.text).toBe('first');
    gated.open();
    const rest: string[] = [];
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value.contentBlockDelta?.delta?.text ?? '');
    client.destroy();
    expect(rest.join('')).toBe(' second third');
  });

  it('frees the generation when the client goes away mid-stream', async () => {
    const client = sdkClient(bedrock.url);
    const controller = new AbortController();
    const command = new ConverseStreamCommand(ask('abandon'));
    command.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-fake-bedrock-responder'] = 'abandoned';
      return next(args);
    }, { step: 'build' });
    const response = await client.send(command, { abortSignal: controller.signal });
    const iterator = (response.stream as AsyncIterable<ConverseStreamOutput>)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    controller.abort();
    client.destroy();

    await abandoned.finished;
    expect(abandoned.aborted).toBe(true);
    await vi.waitFor(async () => {
      const listed = (await (await fetch(`${bedrock.url}/_fake/invocations?operation=ConverseStream`)).json()) as {
        invocations: Array<{ input: { messages: Array<{ content: Array<{ text: string }> }> }; status: string; error?: { code: string } }>;
      };
      const record = listed.invocations.find((invocation) => invocation.input.messages[0].content[0].text === 'abandon');
      expect(record?.status).toBe('error');
    });
  });

  it('stops a paced deterministic answer when the client goes away', async () => {
    const slow = await startBedrockServer({ tokensPerSecond: 1, answerWords: 200 });
    const client = sdkClient(slow.url);
    const controller = new AbortController();
    const response = await client.send(new ConverseStreamCommand(ask('slowly')), { abortSignal: controller.signal });
    const iterator = (response.stream as AsyncIterable<ConverseStreamOutput>)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    controller.abort();
    client.destroy();
    await vi.waitFor(
      async () => {
        const listed = (await (await fetch(`${slow.url}/_fake/invocations`)).json()) as { invocations: Array<{ status: string }> };
        expect(listed.invocations[0]?.status).toBe('error');
      },
      { timeout: 20_000, interval: 50 },
    );
    await slow.close();
  });

  it('raises a mid-stream exception after N tokens as the typed SDK error', async () => {
    await fetch(`${bedrock.url}/_fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: 'midStreamException', afterTokens: 3, times: 1, operations: ['ConverseStream'] }),
    });
    const client = sdkClient(bedrock.url);
    const response = await client.send(new ConverseStreamCommand(ask('break please')));
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of response.stream ?? []) if (event.contentBlockDelta) deltas.push(event.contentBlockDelta.delta?.text ?? '');
    })().catch((caught: unknown) => caught);
    client.destroy();
    expect(deltas).toHaveLength(3);
    expect(error).toBeInstanceOf(ModelStreamErrorException);
  });

  it('raises a streamed throttlingException when asked for', async () => {
    const client = sdkClient(bedrock.url);
    const command = new ConverseStreamCommand(ask('throttle me later'));
    command.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-fake-bedrock-fault'] = JSON.stringify({ fault: 'midStreamException', exception: 'throttlingException', afterTokens: 1 });
      return next(args);
    }, { step: 'build' });
    const response = await client.send(command);
    const error = await (async () => {
      for await (const event of response.stream ?? []) void event;
    })().catch((caught: unknown) => caught);
    client.destroy();
    expect(error).toBeInstanceOf(ThrottlingException);
  });

  it('raises a mid-stream model timeout in ConverseStream as an error, not an unknown event', async () => {
    // ConverseStreamOutput has no modelTimeoutException member: the SDK would read one as `$unknown`.
    const client = sdkClient(bedrock.url);
    const command = new ConverseStreamCommand(ask('time out later'));
    command.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-fake-bedrock-fault'] = JSON.stringify({ fault: 'midStreamException', exception: 'modelTimeoutException', afterTokens: 1 });
      return next(args);
    }, { step: 'build' });
    const response = await client.send(command);
    const unknown: unknown[] = [];
    const error = await (async () => {
      for await (const event of response.stream ?? []) if (event.$unknown) unknown.push(event.$unknown);
    })().catch((caught: unknown) => caught);
    client.destroy();
    expect(unknown).toEqual([]);
    expect(error).toBeInstanceOf(ModelStreamErrorException);
  });

  it('drops the connection mid-stream on request, and keeps serving', async () => {
    await fetch(`${bedrock.url}/_fake/faults`, {
      method: 'POST',
      body: JSON.stringify({ fault: 'dropConnection', afterTokens: 2, times: 1, operations: ['ConverseStream'] }),
    });
    const client = sdkClient(bedrock.url);
    const response = await client.send(new ConverseStreamCommand(ask('drop')));
    let deltas = 0;
    const error = await (async () => {
      for await (const event of response.stream ?? []) if (event.contentBlockDelta) deltas++;
    })().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect(deltas).toBeLessThanOrEqual(2);

    const again = await client.send(new ConverseStreamCommand(ask('after the drop')));
    let stop: string | undefined;
    for await (const event of again.stream ?? []) stop = event.messageStop?.stopReason ?? stop;
    client.destroy();
    expect(stop).toBe('end_turn');
  });

  it('streams tool use as contentBlockStart + toolUse input deltas', async () => {
    const client = sdkClient(bedrock.url);
    const response = await client.send(
      new ConverseStreamCommand({
        ...ask('Please use lookup_order for order 42'),
        toolConfig: { tools: [{ toolSpec: { name: 'lookup_order', inputSchema: { json: { type: 'object', properties: { orderId: { type: 'integer' } }, required: ['orderId'] } } } }] },
      }),
    );
    const events: ConverseStreamOutput[] = [];
    for await (const event of response.stream ?? []) events.push(event);
    client.destroy();
    const start = events.find((event) => event.contentBlockStart)?.contentBlockStart;
    expect(start?.start?.toolUse?.name).toBe('lookup_order');
    const json = events
      .filter((event) => event.contentBlockDelta?.contentBlockIndex === start?.contentBlockIndex)
      .map((event) => event.contentBlockDelta?.delta?.toolUse?.input ?? '')
      .join('');
    expect(typeof JSON.parse(json).orderId).toBe('number');
    expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('tool_use');
  });
});
