import { describe, expect, it } from 'vitest';
import { allowPolicy, apiStageWildcard, denyPolicy } from '../../../../src/auth/authorizerPolicy.js';
import { METHOD_ARN } from '../factories.js';

describe('authorizer policies', () => {
  it('covers every method and path of the API stage', () => {
    expect(apiStageWildcard(METHOD_ARN)).toBe('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*');
    expect(apiStageWildcard('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/tasks/42')).toBe(
      'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*',
    );
  });

  it('leaves an ARN it does not understand unchanged', () => {
    expect(apiStageWildcard('not-an-arn')).toBe('not-an-arn');
  });

  it('allows with the user id as principal and in the context', () => {
    expect(allowPolicy('user-1', METHOD_ARN, { userId: 'user-1' })).toEqual({
      principalId: 'user-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*' }],
      },
      context: { userId: 'user-1' },
    });
  });

  it('denies without a context', () => {
    const policy = denyPolicy('unauthorized', METHOD_ARN);
    expect(policy.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*' },
    ]);
    expect(policy.context).toBeUndefined();
  });
});
