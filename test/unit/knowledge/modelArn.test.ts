import { describe, expect, it } from 'vitest';
import { isInferenceProfileId, locationOfFunction, modelArn } from '../../../src/knowledge/modelArn.js';

const location = { partition: 'aws', region: 'eu-west-1', accountId: '123456789012' };

describe('modelArn', () => {
  it('builds a foundation-model ARN without an account', () => {
    expect(modelArn('anthropic.claude-3-5-haiku-20241022-v1:0', location)).toBe(
      'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0',
    );
    expect(modelArn('amazon.nova-lite-v1:0', location)).toBe('arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-lite-v1:0');
  });

  it.each(['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca'])('builds an inference-profile ARN with the account for %s.…', (prefix) => {
    const id = `${prefix}.anthropic.claude-3-7-sonnet-20250219-v1:0`;
    expect(isInferenceProfileId(id)).toBe(true);
    expect(modelArn(id, location)).toBe(`arn:aws:bedrock:eu-west-1:123456789012:inference-profile/${id}`);
  });

  it('keeps the partition of the function', () => {
    expect(modelArn('us-gov.anthropic.claude-3-5-haiku-20241022-v1:0', { ...location, partition: 'aws-us-gov', region: 'us-gov-west-1' })).toBe(
      'arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-3-5-haiku-20241022-v1:0',
    );
  });

  it('leaves an ARN as it is', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';
    expect(modelArn(arn, location)).toBe(arn);
  });

  it('does not take a provider for a profile prefix', () => {
    expect(isInferenceProfileId('anthropic.claude-3-5-haiku-20241022-v1:0')).toBe(false);
    expect(isInferenceProfileId('us')).toBe(false);
  });
});

describe('locationOfFunction', () => {
  it('reads partition, region and account from a function ARN (with or without alias)', () => {
    expect(locationOfFunction('arn:aws:lambda:us-east-1:000000000000:function:KnowledgeFunction')).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      accountId: '000000000000',
    });
    expect(locationOfFunction('arn:aws-cn:lambda:cn-north-1:123456789012:function:f:live')).toEqual({
      partition: 'aws-cn',
      region: 'cn-north-1',
      accountId: '123456789012',
    });
  });

  it('throws for anything else', () => {
    expect(() => locationOfFunction('arn:aws:states:us-east-1:123456789012:stateMachine:x')).toThrow(/Not a Lambda function ARN/);
  });
});
