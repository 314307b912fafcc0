import { describe, expect, it } from 'vitest';
import { architectureWarning } from '../../../local/runtime/checkArchitecture.js';

describe('architectureWarning', () => {
  it('says nothing when the function is built for this machine', () => {
    expect(architectureWarning(['x86_64'], 'x64')).toBeUndefined();
    expect(architectureWarning(['arm64'], 'arm64')).toBeUndefined();
    expect(architectureWarning([], 'x64')).toBeUndefined();
  });

  it('warns, naming both instruction sets, when they differ', () => {
    expect(architectureWarning(['arm64'], 'x64')).toMatch(/^warning: functions declare Architectures arm64 but run on this x86_64 machine; .*native modules/);
    expect(architectureWarning(['x86_64'], 'arm64')).toContain('run on this arm64 machine');
  });
});
