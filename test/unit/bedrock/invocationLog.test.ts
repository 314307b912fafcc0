import { describe, expect, it } from 'vitest';
import { InvocationLog } from '../../../local/bedrock/inspection/InvocationLog.js';

function call(prompt: string) {
  return {
    operation: 'Converse' as const,
    modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    input: { messages: [{ role: 'user', content: [{ text: prompt }] }] },
    messages: [{ role: 'user', content: [{ text: prompt }] }],
    latencyMs: 1,
    status: 'ok' as const,
  };
}

describe('InvocationLog', () => {
  it('is bounded by bytes: a 4 MB prompt keeps its metadata, not its body, and the total stays under the limit', () => {
    // Prepare
    const log = new InvocationLog(1_000, 2 * 1024 * 1024, 256 * 1024);

    // Act
    for (let i = 0; i < 50; i++) log.add(call('x'.repeat(4 * 1024 * 1024)));
    for (let i = 0; i < 100; i++) log.add(call(`small ${i} ${'y'.repeat(50 * 1024)}`));

    // Assess
    expect(log.size).toBeLessThanOrEqual(2 * 1024 * 1024);
    const records = log.list();
    expect(records.at(-1)?.messages).toEqual([{ role: 'user', content: [{ text: `small 99 ${'y'.repeat(50 * 1024)}` }] }]);
    expect(records.length).toBeLessThan(150);
    expect(JSON.stringify(records).length).toBeLessThanOrEqual(2 * 1024 * 1024 + 1024);
  });

  it('drops the bodies of a record larger than a record may be', () => {
    const log = new InvocationLog(10, 1024 * 1024, 1024);
    const record = log.add(call('z'.repeat(10_000)));
    expect(record.input).toMatchObject({ omitted: expect.stringContaining('1024 bytes') as unknown, bytes: expect.any(Number) as unknown });
    expect(record.modelId).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(log.size).toBeLessThan(1024);
  });
});
