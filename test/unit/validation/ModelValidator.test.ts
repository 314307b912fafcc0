import { describe, expect, it } from 'vitest';
import { ModelConstraintViolation, ModelTypeMismatch, ModelValidator, compilePattern, describeViolations, validationAnswer } from '../../../local/validation/index.js';

const sfn = ModelValidator.forService('stepfunctions');
const bedrock = ModelValidator.forService('bedrock-runtime');

function violationMessage(run: () => void): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ModelConstraintViolation || error instanceof ModelTypeMismatch) return error.message;
    throw error;
  }
  return '';
}

describe('ModelValidator', () => {
  it('answers one violation in AWS wording', () => {
    // Act
    const message = violationMessage(() => sfn.assertValid('StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m', name: 'n'.repeat(81) }));
    // Assess
    expect(message).toBe(`1 validation error detected: Value '${'n'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`);
  });

  it('lists every violation, required members as "must not be null"', () => {
    // Act
    const message = violationMessage(() => sfn.assertValid('CreateStateMachine', { name: '', type: 'BATCH' }));
    // Assess
    expect(message).toBe(
      '4 validation errors detected: ' +
        "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'definition' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'roleArn' failed to satisfy constraint: Member must not be null; " +
        "Value 'BATCH' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    );
  });

  it('counts list positions from 1 and names list items `member`, nested to any depth', () => {
    // Prepare
    const input = {
      modelId: 'm',
      messages: [
        { role: 'user', content: [{ text: 'hi' }] },
        { role: 'robot', content: [{ text: 'a' }, { image: { format: 'tiff', source: { bytes: 'AAAA' } } }] },
      ],
    };
    // Act
    const violations = bedrock.violations('Converse', input);
    // Assess
    expect(violations.map((violation) => `${violation.path}: ${violation.constraint}`)).toEqual([
      'messages.2.member.role: Member must satisfy enum value set: [user, assistant]',
      'messages.2.member.content.2.member.image.format: Member must satisfy enum value set: [png, jpeg, gif, webp]',
    ]);
  });

  it('refuses a union with no member or two members set', () => {
    // Act
    const none = bedrock.violations('Converse', { modelId: 'm', messages: [{ role: 'user', content: [{}] }] });
    const two = bedrock.violations('Converse', { modelId: 'm', messages: [{ role: 'user', content: [{ text: 'a', image: { format: 'png', source: { bytes: 'AA==' } } }] }] });
    // Assess
    expect(none.map((violation) => violation.path)).toEqual(['messages.1.member.content.1.member']);
    expect(two.map((violation) => violation.constraint)).toEqual(['Exactly one member must be set']);
  });

  it('checks patterns over the whole value and keeps a sensitive value out of the message', () => {
    // Act
    const pattern = bedrock.violations('Converse', { modelId: 'm', messages: [], guardrailConfig: { guardrailIdentifier: 'UPPER', guardrailVersion: '1' } });
    const sensitive = violationMessage(() => sfn.assertValid('StartExecution', { stateMachineArn: 'arn:x', input: 'x'.repeat(262_145) }));
    // Assess
    expect(pattern.map((violation) => violation.path)).toEqual(['guardrailConfig.guardrailIdentifier']);
    expect(sensitive).toBe("1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144");
  });

  it('stops at the first member of the wrong JSON type', () => {
    // Act
    const message = violationMessage(() => sfn.assertValid('StartExecution', { stateMachineArn: { a: 1 }, name: 'n' }));
    // Assess
    expect(message).toBe('Start of structure or map found where not expected. (member stateMachineArn)');
  });

  it('treats null as absent and ignores members the model does not know', () => {
    // Act
    const violations = sfn.violations('StartExecution', { stateMachineArn: 'arn:x', name: null, extra: 1 });
    // Assess
    expect(violations).toEqual([]);
  });

  it('checks number ranges and blob sizes', () => {
    // Act
    const range = sfn.violations('ListExecutions', { stateMachineArn: 'arn:x', maxResults: 1001 });
    // Assess
    expect(range.map((violation) => violation.constraint)).toEqual(['Member must have value less than or equal to 1000']);
  });
});

describe('compilePattern', () => {
  it('matches the whole value, translates Java escapes JavaScript refuses', () => {
    // Act
    const whole = compilePattern('[0-9]{12}');
    const javaEscapes = compilePattern("[\\!\\_\\'a-z]+");
    // Assess
    expect(whole.ok && whole.regex.test('123456789012') && !whole.regex.test('1234567890123')).toBe(true);
    expect(javaEscapes.ok && javaEscapes.translated && javaEscapes.regex.test("a!_'")).toBe(true);
  });

  it('reports a pattern it cannot compile instead of guessing', () => {
    expect(compilePattern('(?<a>x)\\k<b>').ok).toBe(false);
  });
});

describe('describeViolations', () => {
  it('writes AWS\'s plural form', () => {
    expect(describeViolations([{ path: 'a', value: 1, sensitive: false, constraint: 'C' }, { path: 'b', value: undefined, sensitive: false, constraint: 'D' }])).toBe(
      "2 validation errors detected: Value '1' at 'a' failed to satisfy constraint: C; Value null at 'b' failed to satisfy constraint: D",
    );
  });
});

describe('validationAnswer', () => {
  it('gives the AWS JSON answer a service throws, or nothing for a valid input', () => {
    // Act
    const valid = validationAnswer('bedrock-runtime', 'Converse', { modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const invalid = validationAnswer('bedrock-runtime', 'Converse', { modelId: 'm', messages: [{ role: 'user', content: [] }], inferenceConfig: { maxTokens: 0, temperature: 2 } });
    const mistyped = validationAnswer('bedrock-runtime', 'Converse', { modelId: 'm', messages: null, system: 'text' });
    // Assess
    expect(valid).toBeUndefined();
    expect(invalid).toEqual({
      code: 'ValidationException',
      message:
        "2 validation errors detected: Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '2' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1",
    });
    expect(mistyped?.code).toBe('SerializationException');
  });

  it('measures raw bytes handed over for a blob', () => {
    // Act
    const violations = bedrock.violations('InvokeModel', { modelId: 'm', body: new Uint8Array(0) });
    // Assess
    expect(violations.map((violation) => violation.path)).toEqual([]);
  });
});
