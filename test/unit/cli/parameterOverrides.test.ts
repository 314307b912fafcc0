import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatOverrides, joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION, parseOverrides } from '../../../local/cli/parameterOverrides.js';

/** What a command sees: its arguments through joinOverridePairs and parseArgs, then overridesFrom. */
function overridesOf(args: string[], env: NodeJS.ProcessEnv = {}) {
  const { values, positionals } = parseArgs({ args: joinOverridePairs(args), allowPositionals: true, options: { ...PARAMETER_OVERRIDES_OPTION, ephemeral: { type: 'boolean' } } });
  return { overrides: overridesFrom(values, env), positionals, ephemeral: values.ephemeral };
}

describe('--parameter-overrides', () => {
  it('takes several Key=Value words after one flag, as sam deploy does', () => {
    expect(overridesOf(['--parameter-overrides', 'A=1', 'B=x=y', '--ephemeral'])).toEqual({ overrides: { A: '1', B: 'x=y' }, positionals: [], ephemeral: true });
  });

  it('takes the ParameterKey=K,ParameterValue=V form, one or several after one flag', () => {
    expect(overridesOf(['--parameter-overrides', 'ParameterKey=A,ParameterValue=1', 'ParameterKey=B,ParameterValue=2']).overrides).toEqual({ A: '1', B: '2' });
    expect(overridesOf(['--parameter-overrides', 'ParameterKey=A,ParameterValue=1 ParameterKey=B,ParameterValue=a,b']).overrides).toEqual({ A: '1', B: 'a,b' });
  });

  it('takes one quoted argument, a repeated flag and --parameter-overrides=…', () => {
    expect(overridesOf(['--parameter-overrides', 'A=1 B=2']).overrides).toEqual({ A: '1', B: '2' });
    expect(overridesOf(['--parameter-overrides', 'A=1', '--parameter-overrides', 'B=2']).overrides).toEqual({ A: '1', B: '2' });
    expect(overridesOf(['--parameter-overrides=A=1', 'B=2', '--ephemeral'])).toEqual({ overrides: { A: '1', B: '2' }, positionals: [], ephemeral: true });
  });

  it('leaves a word without = to the command, as a positional', () => {
    expect(overridesOf(['--parameter-overrides', 'A=1', 'ChatFunction'])).toEqual({ overrides: { A: '1' }, positionals: ['ChatFunction'], ephemeral: undefined });
    expect(overridesOf(['ChatFunction', '--parameter-overrides', 'A=1']).positionals).toEqual(['ChatFunction']);
  });

  it('keeps a value with spaces whole, quoted as SAM quotes it or kept whole by the shell', () => {
    expect(parseOverrides(['Greeting="hello world" Stage=dev'])).toEqual({ Greeting: 'hello world', Stage: 'dev' });
    expect(parseOverrides(["ParameterKey=Greeting,ParameterValue='a b' ParameterKey=Q,ParameterValue=\"say \\\"hi\\\"\""])).toEqual({ Greeting: 'a b', Q: 'say "hi"' });
    expect(overridesOf(['--parameter-overrides', 'Greeting=hello world', 'Stage=dev']).overrides).toEqual({ Greeting: 'hello world', Stage: 'dev' });
  });

  it('lets a later pair for the same key win, and accepts an empty value', () => {
    expect(parseOverrides(['A=1 A=2', 'B='])).toEqual({ A: '2', B: '' });
  });

  it('reads GENAI_KIT_PARAMETER_OVERRIDES only when the flag is absent', () => {
    expect(overridesOf([], { GENAI_KIT_PARAMETER_OVERRIDES: 'A=1 B=2' }).overrides).toEqual({ A: '1', B: '2' });
    expect(overridesOf(['--parameter-overrides', 'C=3'], { GENAI_KIT_PARAMETER_OVERRIDES: 'A=1' }).overrides).toEqual({ C: '3' });
    expect(overridesOf([]).overrides).toEqual({});
  });

  it('refuses a word that is no pair, naming it', () => {
    expect(() => parseOverrides(['nope'])).toThrow("--parameter-overrides expects Key=Value or ParameterKey=Key,ParameterValue=Value, got 'nope'");
    expect(() => parseOverrides(['Bad-Key=1'])).toThrow("got 'Bad-Key=1'");
  });

  it('formats pairs back for a sam command line, quoting what needs it, so they parse back the same', () => {
    const overrides = { A: '1', Greeting: 'hello "world"', Empty: '' };
    expect(formatOverrides(overrides)).toEqual(['A=1', 'Greeting="hello \\"world\\""', 'Empty=""']);
    expect(parseOverrides([formatOverrides(overrides).join(' ')])).toEqual(overrides);
  });
});
