/**
 * The Python sample's template passes cfn-lint (the SAM transform included), as CI lints the root template.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const TEMPLATE = path.resolve(import.meta.dirname, '../../../examples/python-chat/template.yaml');

function cfnLintInstalled(): boolean {
  try {
    execFileSync('cfn-lint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('examples/python-chat/template.yaml', () => {
  it('passes cfn-lint', async (context) => {
    // Prepare
    if (!cfnLintInstalled()) context.skip('cfn-lint is not installed (pip install cfn-lint): the example template was not linted');

    // Act
    const outcome = await promisify(execFile)('cfn-lint', [TEMPLATE]).then(
      () => ({ exitCode: 0, findings: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ exitCode: error.code, findings: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );

    // Assess
    expect(outcome).toEqual({ exitCode: 0, findings: '' });
  });
});
