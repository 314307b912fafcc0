import { describe, expect, it } from 'vitest';
import type { BedrockError } from '../../../../local/bedrock/errors.js';
import { guardrailArn, localGuardrailId } from '../../../../local/bedrock/guardrails/GuardrailDefinition.js';
import { localGuardrailArn, localGuardrailId as templateGuardrailId } from '../../../../local/template/localNames.js';
import { CONVERSE_UNKNOWN_GUARDRAIL, GuardrailStore, loadGuardrailStore } from '../../../../local/bedrock/guardrails/GuardrailStore.js';
import { parseGuardrails } from '../../../../local/bedrock/guardrails/parseGuardrails.js';
import { guardrailFactory } from '../../../fixtures/guardrailFactory.js';

const caught = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as BedrockError;
  }
  throw new Error('did not throw');
};

describe('GuardrailStore', () => {
  it('finds a guardrail by id or ARN, at DRAFT or a published version', () => {
    const guardrail = guardrailFactory();
    const store = new GuardrailStore([guardrail]);
    expect(store.resolve('abc123def456', 'DRAFT', 'converse')).toBe(guardrail);
    expect(store.resolve(guardrail.arn, '1', 'converse')).toBe(guardrail);
  });

  it('answers an unknown id or version as AWS does: ValidationException in Converse, ResourceNotFoundException in ApplyGuardrail', () => {
    const store = new GuardrailStore([guardrailFactory()]);
    expect(caught(() => store.resolve('nope00000000', 'DRAFT', 'converse'))).toMatchObject({ code: 'ValidationException', message: CONVERSE_UNKNOWN_GUARDRAIL });
    expect(caught(() => store.resolve('abc123def456', '2', 'converse'))).toMatchObject({ code: 'ValidationException' });
    expect(caught(() => store.resolve('arn:aws:bedrock:eu-west-1:000000000000:guardrail/abc123def456', '1', 'converse'))).toMatchObject({ code: 'ValidationException' });
    expect(caught(() => store.resolve('nope00000000', 'DRAFT', 'applyGuardrail'))).toMatchObject({ code: 'ResourceNotFoundException', status: 404, message: 'Could not find guardrail with id nope00000000' });
  });

  it('makes AWS-format ids (12 lowercase alphanumerics), the same for the same name', () => {
    expect(localGuardrailId('ChatGuardrail')).toMatch(/^[a-z0-9]{12}$/);
    expect(localGuardrailId('ChatGuardrail')).toBe(localGuardrailId('ChatGuardrail'));
    expect(localGuardrailId('ChatGuardrail')).not.toBe(localGuardrailId('OtherGuardrail'));
  });

  it('makes the same ids and ARNs as local/template does (a file guardrail named like a template one replaces it)', () => {
    for (const name of ['local-chat', 'ChatGuardrail', 'x', 'ünïcode-name']) expect(localGuardrailId(name)).toBe(templateGuardrailId(name));
    expect(guardrailArn('abc')).toBe(localGuardrailArn('abc'));
  });
});

describe('parseGuardrails', () => {
  const props = { Name: 'g', BlockedInputMessaging: 'in', BlockedOutputsMessaging: 'out' };

  it('reads {"guardrails": [...]} with optional Id and Versions', () => {
    const [guardrail] = parseGuardrails({ guardrails: [{ ...props, Id: 'myguard00001', Versions: [1, '2'] }] });
    expect(guardrail).toMatchObject({ id: 'myguard00001', arn: 'arn:aws:bedrock:us-east-1:000000000000:guardrail/myguard00001', versions: ['1', '2'] });
    expect(parseGuardrails([props])[0].id).toBe(localGuardrailId('g'));
  });

  it('refuses a guardrail without its messages, a bad id, or a regex RE2 cannot run', () => {
    expect(() => parseGuardrails([{ Name: 'g' }])).toThrow(/BlockedInputMessaging is required/);
    expect(() => parseGuardrails([{ ...props, Id: 'Bad-Id' }])).toThrow(/must match/);
    const backreference = parseGuardrails([{ ...props, SensitiveInformationPolicyConfig: { RegexesConfig: [{ Name: 'r', Pattern: '(a)\\1', Action: 'BLOCK' }] } }]);
    expect(() => loadGuardrailStore(backreference)).toThrow(/not valid RE2 syntax/);
  });
});
