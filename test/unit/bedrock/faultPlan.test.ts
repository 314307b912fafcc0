import { describe, expect, it } from 'vitest';
import type { BedrockError} from '../../../local/bedrock/errors.js';
import { ConnectionDropSignal } from '../../../local/bedrock/errors.js';
import { applyFaults, FaultPlan, parseFaultHeader } from '../../../local/bedrock/faults/FaultPlan.js';

describe('FaultPlan', () => {
  it('applies rules by model and operation, counting uses, and resets to the configuration', () => {
    const plan = new FaultPlan([{ fault: 'throttling', model: 'anthropic.*', times: 1 }]);
    plan.add([{ fault: 'latency', latencyMs: 5, operations: ['ConverseStream'] }]);
    expect(plan.take('Converse', ['amazon.nova-lite-v1:0'])).toEqual([]);
    expect(plan.take('Converse', ['anthropic.claude-3-haiku-20240307-v1:0']).map((rule) => rule.fault)).toEqual(['throttling']);
    expect(plan.take('Converse', ['anthropic.claude-3-haiku-20240307-v1:0'])).toEqual([]);
    expect(plan.take('ConverseStream', ['x']).map((rule) => rule.fault)).toEqual(['latency']);
    plan.reset();
    expect(plan.list()).toEqual([{ fault: 'throttling', model: 'anthropic.*', times: 1 }]);
  });

  it('turns rules into errors, interruptions and delays', () => {
    const applied = applyFaults([
      { fault: 'latency', latencyMs: 7 },
      { fault: 'serviceUnavailable' },
      { fault: 'midStreamException', afterTokens: 3, exception: 'throttlingException' },
    ]);
    expect(applied.latencyMs).toBe(7);
    expect((applied.error as BedrockError).code).toBe('ServiceUnavailableException');
    expect(applied.interrupt?.afterTokens).toBe(3);
    expect((applied.interrupt?.error as BedrockError).code).toBe('ThrottlingException');
    expect(applyFaults([{ fault: 'dropConnection' }])).toMatchObject({ dropBeforeAnswer: true, interrupt: { error: expect.any(ConnectionDropSignal) } });
  });

  it('reads the per-request header as a kind or as JSON, ignoring nonsense', () => {
    expect(parseFaultHeader('throttling')).toEqual({ fault: 'throttling' });
    expect(parseFaultHeader('{"fault":"midStreamException","afterTokens":2}')).toEqual({ fault: 'midStreamException', afterTokens: 2 });
    expect(parseFaultHeader('explode')).toBeUndefined();
    expect(parseFaultHeader('{bad json')).toBeUndefined();
  });
});
