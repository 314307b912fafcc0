import { describe, expect, it } from 'vitest';
import { planFunction } from '../../../local/runtime/planFunctions.js';

describe('planFunction', () => {
  it('runs Node.js in worker threads', async () => {
    expect(await planFunction(`nodejs${process.versions.node.split('.')[0]}.x`)).toEqual({ kind: 'node', warning: undefined });
  });

  it('runs Python with the interpreter of its version, or python3 with a warning naming both versions', async () => {
    const plan = await planFunction('python3.99');

    expect(plan).toMatchObject({ kind: 'process', launcher: { kind: 'python', interpreter: expect.stringMatching(/^\/.*python3/) } });
    expect(plan.kind === 'process' && plan.warning).toMatch(/^warning: functions declare Runtime python3\.99 but run on Python 3\.\d+\.\d+ \(python3\.99 is not on the PATH\)/);
  });

  it('runs custom runtimes from their bootstrap', async () => {
    for (const runtime of ['provided', 'provided.al2', 'provided.al2023']) expect(await planFunction(runtime)).toEqual({ kind: 'process', launcher: { kind: 'custom' } });
  });

  it('refuses Java, .NET, Ruby and unknown runtimes with what would make them run', async () => {
    for (const [runtime, hint] of [
      ['java21', 'GraalVM native image'],
      ['dotnet8', 'Native AOT'],
      ['ruby3.3', 'sam local invoke'],
      ['go1.x', 'provided.al2023'],
      ['cobol', 'nodejs*, python3.* and provided.*'],
    ]) {
      const plan = await planFunction(runtime);
      expect(plan.kind).toBe('unsupported');
      expect(plan.kind === 'unsupported' && plan.error).toMatchObject({ errorType: 'InvalidRuntimeException', errorMessage: expect.stringContaining(hint) });
    }
  });
});
