import { describe, expect, it } from 'vitest';
import { requirementNames } from '../../../local/runtime/process/requirementsCheck.js';

describe('requirementNames', () => {
  it('keeps distribution names and drops versions, extras, markers, comments, options and URLs', () => {
    const text = [
      '# a comment',
      'boto3>=1.28  # inline comment',
      'requests[socks]==2.32.0',
      'PyYAML ; python_version >= "3.8"',
      '-r other.txt',
      '--index-url https://example.invalid/simple',
      'git+https://example.invalid/repo.git#egg=thing',
      '',
      'aws_lambda_powertools',
    ].join('\n');

    expect(requirementNames(text)).toEqual(['boto3', 'requests', 'PyYAML', 'aws_lambda_powertools']);
  });
});
