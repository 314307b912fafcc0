import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DefinitionError, validateDefinition, validMarker } from '../../../local/stepfunctions/service/validateDefinition.js';

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

describe('validateDefinition: the cache of valid definitions', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'asl-cache-'));
  beforeEach(() => vi.stubEnv('GENAI_KIT_CACHE_DIR', cacheDir));
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('remembers a valid definition in the cache folder, and never an invalid one', async () => {
    const valid = { Comment: `valid ${Math.random()}`, StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    const invalid = { Comment: `invalid ${Math.random()}`, StartAt: 'A', States: { A: { Type: 'Pass', Nxt: 'B', End: true } } };
    validateDefinition(valid);
    expect(() => validateDefinition(invalid)).toThrow(DefinitionError);
    await vi.waitFor(() => expect(existsSync(validMarker(valid).file!)).toBe(true));
    expect(existsSync(validMarker(invalid).file!)).toBe(false);
    expect(validMarker(valid).file!.startsWith(join(cacheDir, 'asl-valid'))).toBe(true);
  });

  it('does not validate again a definition the cache folder holds (another process found it valid)', async () => {
    const definition = { Comment: `cached ${Math.random()}`, StartAt: 'A', States: { A: { Type: 'Pass', Nxt: 'B', End: true } } };
    expect(() => validateDefinition(definition)).toThrow(DefinitionError);
    // The marker only a valid definition gets: the validator is then not asked again.
    mkdirSync(join(cacheDir, 'asl-valid'), { recursive: true });
    writeFileSync(validMarker(definition).file!, '');
    expect(validateDefinition(definition)).toEqual(definition);
  });

  it('keys on the definition’s text: a changed definition is validated again', () => {
    const definition = { Comment: `changed ${Math.random()}`, StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    validateDefinition(definition);
    expect(() => validateDefinition({ ...definition, States: { A: { Type: 'Pass', Nxt: 'B', End: true } } })).toThrow("unknown field 'Nxt'");
  });
});
