/** The fake Bedrock refuses a Converse whose input passes the model's context window, as Bedrock does. */
import { ConverseCommand, ConverseStreamCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { HAIKU, fakeBedrockWithClient } from './sdkClient.js';

const LLAMA3_8B = 'meta.llama3-8b-instruct-v1:0'; // contextWindow 8,192 in the catalogue

describe('context window', () => {
  const fake = fakeBedrockWithClient();

  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ValidationException);

  it('refuses a Claude Converse over 200,000 input tokens with the model’s words', async () => {
    // Prepare: one token per punctuation mark in the fake's estimate
    const text = '!'.repeat(200_001);
    // Act
    const error = await refusal(fake.client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text }] }] })));
    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.$metadata.httpStatusCode).toBe(400);
    expect(error?.message).toMatch(/^The model returned the following errors: prompt is too long: \d+ tokens > 200000 maximum$/);
  });

  it('refuses a ConverseStream over the window of another family with “Input is too long for requested model.”', async () => {
    const error = await refusal(fake.client.send(new ConverseStreamCommand({ modelId: LLAMA3_8B, messages: [{ role: 'user', content: [{ text: '!'.repeat(9_000) }] }] })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.message).toBe('The model returned the following errors: Input is too long for requested model.');
  });

  it('serves an input that fits', async () => {
    const output = await fake.client.send(new ConverseCommand({ modelId: LLAMA3_8B, messages: [{ role: 'user', content: [{ text: '!'.repeat(8_000) }] }] }));
    expect(output.stopReason).toBeDefined();
  });
});
