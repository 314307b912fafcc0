/**
 * What current models accept: rules that differ by family and generation (temperature with top_p,
 * extended thinking, prompt caching, image and document blocks, additionalModelRequestFields),
 * refused with Bedrock's code and wording; prompt caching's usage counts, deterministic.
 */
import { ConverseCommand, InvokeModelCommand, ValidationException, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { HAIKU, fakeBedrockWithClient } from './sdkClient.js';

const OPUS_4_1 = 'us.anthropic.claude-opus-4-1-20250805-v1:0';
const NOVA_LITE = 'us.amazon.nova-lite-v1:0';
const LLAMA = 'us.meta.llama3-3-70b-instruct-v1:0';
const ASK = [{ role: 'user' as const, content: [{ text: 'How long do refunds take?' }] }];

describe('what current models accept', () => {
  const fake = fakeBedrockWithClient({ asOf: '2026-12-07', lifecycleLog: () => undefined });

  const converseError = (input: Partial<ConverseCommandInput>) =>
    fake.client.send(new ConverseCommand({ modelId: HAIKU, messages: ASK, ...input } as ConverseCommandInput)).then(() => undefined, (error: unknown) => error as ValidationException);

  it('Claude Haiku 4.5 refuses temperature with topP; Claude Opus 4.1 takes both', async () => {
    // Act
    const refused = await converseError({ inferenceConfig: { temperature: 0.5, topP: 0.9 } });
    const native = await fake.client
      .send(new InvokeModelCommand({ modelId: HAIKU, body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, temperature: 0.5, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] }) }))
      .then(() => undefined, (error: unknown) => error as ValidationException);
    const older = await fake.client.send(new ConverseCommand({ modelId: OPUS_4_1, messages: ASK, inferenceConfig: { temperature: 0.5, topP: 0.9 } }));
    // Assess
    expect(refused).toBeInstanceOf(ValidationException);
    expect(refused?.message).toBe('The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.');
    expect(native?.message).toBe('`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
    expect(older.stopReason).toBe('end_turn');
  });

  it('extended thinking: budget ≥ 1024, below maxTokens, temperature only 1; accepted when right', async () => {
    // Act
    const small = await converseError({ additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 512 } } });
    const overMax = await converseError({ inferenceConfig: { maxTokens: 2000 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } });
    const warm = await converseError({ inferenceConfig: { maxTokens: 4000, temperature: 0.2 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } });
    const right = await fake.client.send(new ConverseCommand({ modelId: HAIKU, messages: ASK, inferenceConfig: { maxTokens: 4000 }, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } }));
    // Assess
    expect(small?.message).toBe('The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    expect(overMax?.message).toMatch(/^The model returned the following errors: `max_tokens` must be greater than `thinking.budget_tokens`\./);
    expect(warm?.message).toMatch(/^The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled\./);
    expect(right.stopReason).toBe('end_turn');
  });

  it('additionalModelRequestFields the family body does not take are its schema refusal', async () => {
    // Act
    const anthropic = await converseError({ additionalModelRequestFields: { frequency_penalty: 1 } });
    const nova = await converseError({ modelId: NOVA_LITE, additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2000 } } });
    const topK = await fake.client.send(new ConverseCommand({ modelId: HAIKU, messages: ASK, additionalModelRequestFields: { top_k: 40 } }));
    // Assess
    expect(anthropic?.message).toBe('The model returned the following errors: Malformed input request: #: extraneous key [frequency_penalty] is not permitted, please reformat your input and try again.');
    expect(nova?.message).toBe('The model returned the following errors: Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again.');
    expect(topK.stopReason).toBe('end_turn');
  });

  it('prompt caching only on models with it, at most 4 checkpoints', async () => {
    // Act
    const llama = await converseError({ modelId: LLAMA, system: [{ text: 'Be brief.' }, { cachePoint: { type: 'default' } }] });
    const five = await converseError({
      system: [{ text: 'a' }, { cachePoint: { type: 'default' } }, { text: 'b' }, { cachePoint: { type: 'default' } }, { text: 'c' }, { cachePoint: { type: 'default' } }],
      messages: [{ role: 'user', content: [{ text: 'd' }, { cachePoint: { type: 'default' } }, { text: 'e' }, { cachePoint: { type: 'default' } }] }],
    });
    // Assess
    expect(llama?.message).toBe('You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.');
    expect(five?.message).toBe('The model returned the following errors: A maximum of 4 blocks with cache_control may be provided. Found 5.');
  });

  it('the first call writes the cached prefix, an identical prefix later reads it', async () => {
    // Prepare
    const system = [{ text: 'You answer questions about our returns policy. '.repeat(40) }, { cachePoint: { type: 'default' as const } }];
    // Act
    const first = await fake.client.send(new ConverseCommand({ modelId: HAIKU, system, messages: ASK }));
    const second = await fake.client.send(new ConverseCommand({ modelId: HAIKU, system, messages: ASK }));
    // Assess
    expect(first.usage?.cacheWriteInputTokens).toBeGreaterThan(100);
    expect(first.usage?.cacheReadInputTokens).toBe(0);
    expect(second.usage?.cacheReadInputTokens).toBe(first.usage?.cacheWriteInputTokens);
    expect(second.usage?.cacheWriteInputTokens).toBe(0);
    expect(second.usage?.inputTokens).toBe(first.usage?.inputTokens);
    const { inputTokens = 0, outputTokens = 0, cacheReadInputTokens = 0, totalTokens } = second.usage ?? {};
    expect(totalTokens).toBe(inputTokens + outputTokens + cacheReadInputTokens);
  });

  it('image blocks only on models that take images', async () => {
    // Act
    const error = await converseError({ modelId: LLAMA, messages: [{ role: 'user', content: [{ text: 'what is this?' }, { image: { format: 'png', source: { bytes: new Uint8Array([137, 80, 78, 71]) } } }] }] });
    // Assess
    expect(error?.message).toBe("This model doesn't support the image field for user messages.");
  });
});

describe('Converse document and image counts', () => {
  const fake = fakeBedrockWithClient({ asOf: '2026-12-07', lifecycleLog: () => undefined });

  const document = (name: string) => ({ document: { name, format: 'txt' as const, source: { bytes: new TextEncoder().encode('Returns within 30 days.') } } });
  const image = { image: { format: 'png' as const, source: { bytes: new Uint8Array([137, 80, 78, 71]) } } };
  const send = (content: unknown[]) =>
    fake.client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Summarise.' }, ...content] as never }] })).then(
      (output) => output.stopReason,
      (error: unknown) => (error as ValidationException).message,
    );

  it('at most 5 documents with distinct names, at most 20 images for Claude', async () => {
    // Act
    const six = await send(['a', 'b', 'c', 'd', 'e', 'f'].map(document));
    const twins = await send([document('policy'), document('policy')]);
    const images = await send(Array(21).fill(image));
    const fine = await send([document('a'), document('b'), image]);
    // Assess
    expect(six).toBe("You can't include more than 5 documents in a request.");
    expect(twins).toBe("Messages can't contain duplicate document names.");
    expect(images).toBe('The model returned the following errors: messages: too many images: image_count > 20');
    expect(fine).toBe('end_turn');
  });
});
