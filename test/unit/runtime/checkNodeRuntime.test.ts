import { describe, expect, it } from 'vitest';
import { checkNodeRuntime } from '../../../local/runtime/checkNodeRuntime.js';

describe('checkNodeRuntime', () => {
  it('matches the major version', () => {
    expect(checkNodeRuntime('nodejs20.x', '20.20.2')).toEqual({ kind: 'match' });
  });

  it('warns on a different major', () => {
    const check = checkNodeRuntime('nodejs22.x', '20.20.2');
    expect(check.kind).toBe('mismatch');
    expect(check.kind === 'mismatch' && check.message).toContain('nodejs22.x');
  });

  it('refuses runtimes that are not Node.js', () => {
    expect(checkNodeRuntime('python3.12', '20.20.2').kind).toBe('unsupported');
  });
});
