/**
 * The fake Bedrock's pace on the stack clock (in-process): a model that would take minutes answers
 * as soon as the clock is advanced past its first-token delay and token interval.
 */
import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { StackClock } from '../../../local/clock/StackClock.js';
import { fakeBedrockWithClient, HAIKU } from './sdkClient.js';

const clock = new StackClock();
const fake = fakeBedrockWithClient({ firstTokenDelayMs: 60_000, tokensPerSecond: 0.1, answerWords: 5, paceClock: clock });
const message = { role: 'user' as const, content: [{ text: 'hello' }] };

async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([promise, new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms))]);
}

describe('fake Bedrock pacing on the stack clock', () => {
  it('holds a buffered answer for the paced time and releases it on advance', async () => {
    const answer = fake.client.send(new ConverseCommand({ modelId: HAIKU, messages: [message] }));
    expect(await within(answer, 300)).toBe('pending');
    await clock.advance('1h');
    const output = await within(answer, 5_000);
    expect(output).not.toBe('pending');
    expect((output as Awaited<typeof answer>).stopReason).toBe('end_turn');
  });

  it('streams held tokens once the clock passes their due times', async () => {
    const response = await fake.client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: [message] }));
    const events: string[] = [];
    const reading = (async () => {
      for await (const event of response.stream!) events.push(Object.keys(event)[0]);
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).not.toContain('contentBlockDelta');
    await clock.advance('1h');
    expect(await within(reading, 5_000)).not.toBe('pending');
    expect(events).toContain('contentBlockDelta');
    expect(events).toContain('messageStop');
  });
});
