import { describe, expect, it } from 'vitest';
import { MalformedPolicyError, compilePolicy, evaluatePolicy } from '../../../local/gateway/policyEvaluation.js';

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/POST/chat';

function policy(...statements: unknown[]): unknown {
  return { Version: '2012-10-17', Statement: statements };
}

describe('evaluatePolicy', () => {
  it('allows an exact Allow on the method ARN', () => {
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ARN }), ARN)).toBe('Allow');
  });

  it('is an implicit deny when no statement matches', () => {
    const other = 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/GET/tasks';
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: other }), ARN)).toBe('ImplicitDeny');
  });

  it('lets an explicit Deny win over an Allow', () => {
    const doc = policy(
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' },
      { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: ARN },
    );
    expect(evaluatePolicy(doc, ARN)).toBe('Deny');
  });

  it('matches * across slashes and ? as one character', () => {
    const star = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/*' });
    expect(evaluatePolicy(star, ARN)).toBe('Allow');
    const methodStar = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/*/chat' });
    expect(evaluatePolicy(methodStar, ARN)).toBe('Allow');
    const question = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/POS?/chat' });
    expect(evaluatePolicy(question, ARN)).toBe('Allow');
    const tooShort = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/PO?/chat' });
    expect(evaluatePolicy(tooShort, ARN)).toBe('ImplicitDeny');
  });

  it('treats regex metacharacters in resources literally', () => {
    const doc = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/POST/chat.' });
    expect(evaluatePolicy(doc, `${ARN}x`)).toBe('ImplicitDeny');
  });

  it('accepts action wildcards, action lists (case-insensitive) and a single statement object', () => {
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: '*', Resource: ARN }), ARN)).toBe('Allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 'execute-api:*', Resource: [ARN] }), ARN)).toBe('Allow');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: ['s3:GetObject', 'Execute-Api:invoke'], Resource: ARN }), ARN)).toBe('Allow');
    expect(evaluatePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ARN } }, ARN)).toBe('Allow');
  });

  it('ignores statements for other actions', () => {
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), ARN)).toBe('ImplicitDeny');
    expect(evaluatePolicy(policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }), ARN)).toBe('Allow');
  });

  it('supports NotResource', () => {
    const doc = policy({ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: 'arn:aws:execute-api:*/GET/*' });
    expect(evaluatePolicy(doc, ARN)).toBe('Allow');
    expect(evaluatePolicy(doc, 'arn:aws:execute-api:us-east-1:000000000000:abc123/Prod/GET/x')).toBe('ImplicitDeny');
  });

  it('a compiled policy is reusable across method ARNs', () => {
    const compiled = compilePolicy(policy({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*/Prod/GET/*' }));
    expect(compiled.evaluate('x/Prod/GET/a')).toBe('Allow');
    expect(compiled.evaluate('x/Prod/POST/a')).toBe('ImplicitDeny');
  });

  it.each([
    ['not an object', null],
    ['no Statement', { Version: '2012-10-17' }],
    ['bad Effect', policy({ Effect: 'Maybe', Action: '*', Resource: '*' })],
    ['no Resource', policy({ Effect: 'Allow', Action: '*' })],
    ['non-string Action', policy({ Effect: 'Allow', Action: 3, Resource: '*' })],
  ])('rejects a malformed policy: %s', (_name, doc) => {
    expect(() => compilePolicy(doc)).toThrow(MalformedPolicyError);
  });
});
