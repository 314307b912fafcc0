import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatFeedMessage } from '../../../local/cli/tail.js';

const plain = (text: string | undefined) => text && stripVTControlCharacters(text);

describe('formatFeedMessage', () => {
  const invocation = {
    seq: 1,
    type: 'invocation',
    time: Date.UTC(2026, 11, 7, 12, 0, 0),
    data: { functionId: 'ChatFunction', requestId: 'r', trigger: { kind: 'route', name: 'POST /chat' }, status: 'error', startedAt: 0, durationMs: 12.34, initDurationMs: 250, memorySizeMb: 512, maxMemoryUsedMb: 40, errorType: 'TypeError', errorMessage: 'x is undefined', logLineCount: 0 },
  };
  const modelCall = { seq: 2, type: 'modelCall', time: 0, data: { id: 'inv-1', timestamp: '', operation: 'Converse', modelId: 'm', functionId: 'ChatFunction', inputTokens: 10, outputTokens: 20, latencyMs: 100, tokensPerSecond: 200, estimatedCostUsd: 0.00012, status: 'ok', stopReason: 'end_turn' } };
  const execution = { seq: 3, type: 'execution', time: 0, data: { stateMachineName: 'Pipeline', name: 'e1', status: 'FAILED', error: 'Boom' } };

  it('prints an invocation with its trigger, cold start and error', () => {
    expect(plain(formatFeedMessage(invocation))).toMatch(/^12:00:00\.000 ChatFunction +error +12\.3 ms cold 250 ms {2}route POST \/chat TypeError: x is undefined$/);
  });

  it('prints a model call with tokens, speed, cost and the function that made it', () => {
    expect(plain(formatFeedMessage(modelCall))).toContain('model m Converse end_turn  10→20 tokens 100 ms 200 tok/s $0.000120 from ChatFunction');
  });

  it('prints an execution that ended', () => {
    expect(plain(formatFeedMessage(execution))).toContain('execution Pipeline FAILED e1 Boom');
  });

  it('filters by function and by model', () => {
    expect(formatFeedMessage(invocation, { functionId: 'Other' })).toBeUndefined();
    expect(formatFeedMessage(modelCall, { functionId: 'ChatFunction' })).toBeDefined();
    expect(formatFeedMessage(invocation, { modelOnly: true })).toBeUndefined();
    expect(formatFeedMessage(execution, { modelOnly: true })).toBeUndefined();
  });
});
