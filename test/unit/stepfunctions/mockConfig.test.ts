import { describe, expect, it } from 'vitest';
import { applyMockedStep, MockConfig, MockConfigError } from '../../../local/stepfunctions/integrations/mockConfig.js';
import type { MockConfigDocument } from '../../../local/stepfunctions/integrations/mockConfig.js';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';

const document: MockConfigDocument = {
  StateMachines: { Pipeline: { TestCases: { BedrockDown: { Analyse: 'ThrottledTwiceThenOk' } } } },
  MockedResponses: {
    ThrottledTwiceThenOk: {
      '0-1': { Throw: { Error: 'Bedrock.ThrottlingException', Cause: 'slow down' } },
      '2': { Return: { Body: { content: [{ type: 'text', text: 'ok' }] } } },
    },
  },
};

describe('MockConfig (Step Functions Local format)', () => {
  it('answers a state’s invocations by count, reusing the last entry past the end', () => {
    const config = new MockConfig(document);
    const next = () => config.next('Pipeline', 'BedrockDown', 'Analyse', 'exec-1');
    expect(next()).toEqual({ Throw: { Error: 'Bedrock.ThrottlingException', Cause: 'slow down' } });
    expect(next()?.Throw).toBeDefined();
    expect(next()?.Return).toBeDefined();
    expect(next()?.Return).toBeDefined();
    expect(config.next('Pipeline', 'BedrockDown', 'Analyse', 'exec-2')?.Throw).toBeDefined();
  });

  it('leaves unmocked states and unknown test cases alone', () => {
    const config = new MockConfig(document);
    expect(config.next('Pipeline', 'BedrockDown', 'Summarise', 'e')).toBeUndefined();
    expect(config.hasTestCase('Pipeline', 'BedrockDown')).toBe(true);
    expect(config.hasTestCase('Pipeline', 'Nope')).toBe(false);
  });

  it('turns Throw into a StatesError and Return into the result', () => {
    expect(() => applyMockedStep({ Throw: { Error: 'E', Cause: 'C' } })).toThrow(StatesError);
    expect(applyMockedStep({ Return: { a: 1 } })).toEqual({ a: 1 });
  });

  it('refuses a config naming an undefined mocked response or a bad range', () => {
    expect(() => new MockConfig({ ...document, MockedResponses: {} })).toThrow(MockConfigError);
    expect(() => new MockConfig({ ...document, MockedResponses: { ThrottledTwiceThenOk: { 'x-y': { Return: 1 } } } })).toThrow(/Invalid invocation range/);
  });
});
