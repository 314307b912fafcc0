import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import type { ModelRequest } from '../../../local/bedrock/conversation/types.js';
import { FixtureRuleSet, parseFixtures } from '../../../local/bedrock/responders/FixtureRules.js';

const catalogue = ModelCatalogue.load();
function request(text: string, modelId = 'anthropic.claude-3-haiku-20240307-v1:0', toolName?: string): ModelRequest {
  return {
    operation: 'Converse',
    model: catalogue.resolve(modelId),
    system: [],
    messages: [{ role: 'user', content: [{ text }] }],
    inferenceConfig: {},
    toolConfig: toolName ? { tools: [{ toolSpec: { name: toolName, inputSchema: { json: {} } } }] } : undefined,
    headers: {},
  };
}

describe('FixtureRuleSet', () => {
  it('matches on model pattern, text, regex and tool name; first match wins; counted rules run out', () => {
    const rules = new FixtureRuleSet(
      parseFixtures({
        rules: [
          { name: 'once', match: { lastUserMessageEquals: 'exact' }, respond: { text: '1' }, times: 1 },
          { name: 'nova', match: { model: 'amazon.nova-*', lastUserMessage: 'HELLO' }, respond: { text: '2' } },
          { name: 'regex', match: { lastUserMessageRegex: '^order \\d+$' }, respond: { text: '3' } },
          { name: 'tool', match: { toolName: 'get_weather' }, respond: { text: '4' } },
        ],
      }),
    );
    expect(rules.match(request('exact'))?.name).toBe('once');
    expect(rules.match(request('exact'))).toBeUndefined();
    expect(rules.match(request('well hello', 'us.amazon.nova-lite-v1:0'))?.name).toBe('nova');
    expect(rules.match(request('well hello'))).toBeUndefined();
    expect(rules.match(request('ORDER 42'))?.name).toBe('regex');
    expect(rules.match(request('anything', undefined, 'get_weather'))?.name).toBe('tool');
    rules.reset();
    expect(rules.match(request('exact'))?.name).toBe('once');
  });

  it('refuses malformed documents', () => {
    expect(() => parseFixtures({ rules: [{ match: {} }] })).toThrow(/no respond, error or fault/);
    expect(() => parseFixtures({ rules: [{ error: { code: 'NopeException' } }] })).toThrow(/unknown error code/);
    expect(() => parseFixtures({ nope: 1 })).toThrow();
  });

  it('runs a catastrophic regex in linear time (Node’s engine would backtrack for hours on this input)', () => {
    // Prepare: /(a+)+$/ against 5,000 a's and a '!' — exponential for a backtracking engine.
    const rules = new FixtureRuleSet(parseFixtures({ rules: [{ name: 'evil', match: { lastUserMessageRegex: '(a+)+$' }, respond: { text: 'x' } }] }));

    // Act
    const matched = rules.match(request(`${'a'.repeat(5_000)}!`));

    // Assess
    expect(matched).toBeUndefined();
    expect(rules.match(request('aaa'))?.name).toBe('evil');
  });

  it('refuses a regex RE2 cannot run (backreferences), naming the rule', () => {
    expect(() => parseFixtures({ rules: [{ match: { lastUserMessageRegex: '(a)\\1' }, respond: { text: 'x' } }] })).toThrow(/fixture rule 0: lastUserMessageRegex is not valid RE2 syntax/);
  });
});
