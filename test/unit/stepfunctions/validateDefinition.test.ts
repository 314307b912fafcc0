import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DefinitionError, validateDefinition } from '../../../local/stepfunctions/service/validateDefinition.js';

function reasonFor(definition: unknown): string {
  try {
    validateDefinition(definition as object);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return (error as Error).message;
  }
  throw new Error('the definition validated');
}

describe('validateDefinition', () => {
  it('accepts the project’s state machines', () => {
    for (const file of ['documentPipeline', 'parallelAnalysis']) {
      const text = readFileSync(`src/statemachines/${file}.asl.json`, 'utf8').replace(/\$\{(\w+)\}/g, (_, name: string) =>
        name.endsWith('Arn') ? `arn:aws:lambda:us-east-1:000000000000:function:${name}` : 'anthropic.claude-3-haiku-20240307-v1:0',
      );
      expect(() => validateDefinition(text)).not.toThrow();
    }
  });

  it('names the state and the reason', () => {
    expect(reasonFor({ StartAt: 'A', States: { A: { Type: 'Pass', Nxt: 'B', End: true } } })).toBe("State 'A' (Pass): unknown field 'Nxt'");
    expect(reasonFor({ StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Nowhere' } } })).toBe(
      "State 'A': the transition target 'Nowhere' does not exist",
    );
    expect(reasonFor({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', InputPath: '$', End: true } } })).toBe(
      "State 'A' (Pass): 'InputPath' cannot be used in a JSONata state",
    );
    expect(reasonFor({ StartAt: 'A', States: { A: { Type: 'Parallel', Branches: [{ StartAt: 'X', States: { X: { Type: 'Teleport', End: true } } }], End: true } } })).toMatch(
      /^State 'X' \(Teleport\): unknown state Type/,
    );
  });

  it('refuses text that is not JSON', () => {
    expect(reasonFor('{"StartAt": ')).toMatch(/^The definition is not valid JSON/);
  });
});
