import { describe, expect, it } from 'vitest';
import { joinOverridePairs, parseOverrides } from '../../../local/cli/parameterOverrides.js';

describe('--parameter-overrides', () => {
  it('takes several Key=Value words after one flag, as sam deploy does', () => {
    expect(joinOverridePairs(['Fn', '--parameter-overrides', 'A=1', 'B=x=y', '--ephemeral'])).toEqual(['Fn', '--parameter-overrides', 'A=1 B=x=y', '--ephemeral']);
  });

  it('leaves a word without = to the command (a positional) and a repeated flag as it is', () => {
    expect(joinOverridePairs(['--parameter-overrides', 'A=1', 'Fn'])).toEqual(['--parameter-overrides', 'A=1', 'Fn']);
    expect(joinOverridePairs(['--parameter-overrides', 'A=1', '--parameter-overrides', 'B=2'])).toEqual(['--parameter-overrides', 'A=1', '--parameter-overrides', 'B=2']);
  });

  it('parses pairs, quoted lists and the ParameterKey form', () => {
    expect(parseOverrides(['A=1 B=2', 'ParameterKey=C,ParameterValue=3', 'D=a=b'])).toEqual({ A: '1', B: '2', C: '3', D: 'a=b' });
    expect(() => parseOverrides(['nope'])).toThrow("--parameter-overrides expects Key=Value, got 'nope'");
  });
});
