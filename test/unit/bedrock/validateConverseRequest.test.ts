import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import { validateConverseRequest } from '../../../local/bedrock/conversation/validateConverseRequest.js';

const catalogue = ModelCatalogue.load();
const haiku = catalogue.resolve('anthropic.claude-3-haiku-20240307-v1:0').entry;
const titan = catalogue.resolve('amazon.titan-text-express-v1').entry;
const user = (text: string) => ({ role: 'user', content: [{ text }] });
const tools = { tools: [{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object' } } } }] };

function messageOf(body: unknown, model = haiku): string | undefined {
  try {
    validateConverseRequest(body, model);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('validateConverseRequest', () => {
  it('accepts a valid multi-turn conversation with tools', () => {
    const body = {
      system: [{ text: 'Be brief.' }],
      messages: [
        user('look it up'),
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'lookup', input: {} } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'found' }] } }] },
      ],
      inferenceConfig: { maxTokens: 4096, temperature: 0.5, topP: 1, stopSequences: ['END'] },
      toolConfig: tools,
    };
    expect(messageOf(body)).toBeUndefined();
  });

  it.each([
    [{ messages: [user('a')], inferenceConfig: { maxTokens: 4097 } }, 'exceeds the model limit of 4096'],
    [{ messages: [user('a')], inferenceConfig: { maxTokens: 1.5 } }, 'Member must be an integer'],
    [{ messages: [user('  ')] }, 'is blank'],
    [{ messages: [{ role: 'system', content: [{ text: 'a' }] }] }, 'enum value set: [user, assistant]'],
    [{ messages: [{ role: 'user', content: [{ text: 'a', image: {} }] }] }, 'exactly one'],
    [{ messages: [user('a'), { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'lookup', input: {} } }] }, user('b')], toolConfig: tools }, 'Expected toolResult blocks at messages.2.content for the following Ids: t1'],
    [{ messages: [user('a'), { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'lookup', input: {} } }] }] }, 'toolConfig field must be defined'],
    [{ messages: [user('a')], toolConfig: { tools: [] } }, "at 'toolConfig.tools'"],
    [{ messages: [user('a')], toolConfig: { ...tools, toolChoice: { tool: { name: 'missing' } } } }, 'named in toolChoice'],
  ])('refuses %j', (body, expected) => {
    expect(messageOf(body)).toContain(expected);
  });

  it('applies model capabilities (Titan has no system prompt and no tools)', () => {
    expect(messageOf({ system: [{ text: 's' }], messages: [user('a')] }, titan)).toContain("doesn't support system messages");
    expect(messageOf({ messages: [user('a')], toolConfig: tools }, titan)).toContain("doesn't support tool use");
  });
});
