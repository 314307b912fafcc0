import {
  ConverseCommand,
  InvokeModelCommand,
  ModelTimeoutException,
  ServiceUnavailableException,
  ThrottlingException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { HAIKU, sdkClient } from './sdkClient.js';

const TITAN_EMBED = 'amazon.titan-embed-text-v2:0';
const ask = (text: string, modelId = HAIKU) => new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text }] }] });

describe('fake Bedrock faults', () => {
  let bedrock: RunningBedrock;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ faults: [{ fault: 'serviceUnavailable', model: 'amazon.nova-pro-v1:0' }] });
  });
  afterEach(async () => {
    await fetch(`${bedrock.url}/_fake/reset`, { method: 'POST' });
  });
  afterAll(async () => {
    await bedrock.close();
  });

  const addFault = (fault: Record<string, unknown>) => fetch(`${bedrock.url}/_fake/faults`, { method: 'POST', body: JSON.stringify(fault) });

  it('throttles with a 429 ThrottlingException that the SDK retry strategy retries', async () => {
    await addFault({ fault: 'throttling', times: 2 });
    const client = sdkClient(bedrock.url, 3);
    const answer = await client.send(ask('retry me'));
    client.destroy();
    expect(answer.stopReason).toBe('end_turn');
    expect(answer.$metadata.attempts).toBe(3);
    const listed = (await (await fetch(`${bedrock.url}/_fake/invocations`)).json()) as { invocations: Array<{ status: string; error?: { code: string } }> };
    expect(listed.invocations.map((invocation) => invocation.error?.code ?? invocation.status)).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
  });

  it('gives up with the typed error when throttling persists', async () => {
    await addFault({ fault: 'throttling' });
    const client = sdkClient(bedrock.url, 2);
    const error = await client.send(ask('always throttled')).catch((caught: unknown) => caught);
    client.destroy();
    expect(error).toBeInstanceOf(ThrottlingException);
    expect((error as ThrottlingException).$metadata.httpStatusCode).toBe(429);
    expect((error as ThrottlingException).$metadata.attempts).toBe(2);
  });

  it('applies configured faults per model', async () => {
    const client = sdkClient(bedrock.url);
    const error = await client.send(ask('hi', 'amazon.nova-pro-v1:0')).catch((caught: unknown) => caught);
    const fine = await client.send(ask('hi', 'amazon.nova-lite-v1:0'));
    client.destroy();
    expect(error).toBeInstanceOf(ServiceUnavailableException);
    expect((error as ServiceUnavailableException).$metadata.httpStatusCode).toBe(503);
    expect(fine.stopReason).toBe('end_turn');
  });

  it('takes a fault per request from the x-fake-bedrock-fault header', async () => {
    const client = sdkClient(bedrock.url);
    const command = new InvokeModelCommand({
      modelId: HAIKU,
      body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    });
    command.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-fake-bedrock-fault'] = 'modelTimeout';
      return next(args);
    }, { step: 'build' });
    const error = await client.send(command).catch((caught: unknown) => caught);
    client.destroy();
    expect(error).toBeInstanceOf(ModelTimeoutException);
    expect((error as ModelTimeoutException).$metadata.httpStatusCode).toBe(408);
  });

  it('adds latency without failing the call', async () => {
    await addFault({ fault: 'latency', latencyMs: 20, times: 1 });
    const client = sdkClient(bedrock.url);
    const answer = await client.send(ask('slow'));
    client.destroy();
    expect(answer.stopReason).toBe('end_turn');
    const listed = (await (await fetch(`${bedrock.url}/_fake/invocations`)).json()) as { invocations: Array<{ faults?: string[] }> };
    expect(listed.invocations[0].faults).toEqual(['latency']);
  });

  it('drops the connection of a buffered call', async () => {
    await addFault({ fault: 'dropConnection', times: 1 });
    const client = sdkClient(bedrock.url);
    const error = await client.send(ask('drop')).catch((caught: unknown) => caught);
    const after = await client.send(ask('after'));
    client.destroy();
    expect(error).toBeInstanceOf(Error);
    expect(after.stopReason).toBe('end_turn');
  });

  const embedText = (inputText: string) => new InvokeModelCommand({ modelId: TITAN_EMBED, body: JSON.stringify({ inputText }) });
  const invocations = async () =>
    ((await (await fetch(`${bedrock.url}/_fake/invocations`)).json()) as { invocations: Array<{ faults?: string[]; error?: { code: string } }> }).invocations;

  it('drops the connection of an embedding call', async () => {
    await addFault({ fault: 'dropConnection', model: TITAN_EMBED, times: 1 });
    const client = sdkClient(bedrock.url);
    const error = await client.send(embedText('drop')).catch((caught: unknown) => caught);
    const after = await client.send(embedText('after'));
    client.destroy();
    expect(error).toBeInstanceOf(Error);
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBeUndefined();
    expect(after.$metadata.httpStatusCode).toBe(200);
    expect((await invocations())[0].error?.code).toBe('ConnectionDropped');
  });

  it('logs the faults an embedding call got', async () => {
    await addFault({ fault: 'latency', latencyMs: 5, model: TITAN_EMBED, times: 1 });
    const client = sdkClient(bedrock.url);
    await client.send(embedText('slow'));
    client.destroy();
    expect((await invocations())[0].faults).toEqual(['latency']);
  });
});
