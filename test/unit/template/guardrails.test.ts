import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../local/template/index.js';

const fixture = path.resolve('test/fixtures/template/guardrails/template.yaml');

describe('loadTemplate: AWS::Bedrock::Guardrail and GuardrailVersion', () => {
  it('reads guardrails into the model with local ids, ARNs and the published versions', async () => {
    // Act
    const model = await loadTemplate(fixture);
    // Assess
    expect(model.guardrails).toHaveLength(1);
    const [guardrail] = model.guardrails ?? [];
    expect(guardrail.id).toMatch(/^[a-z0-9]{12}$/);
    expect(guardrail).toMatchObject({
      logicalId: 'ChatGuardrail',
      arn: `arn:aws:bedrock:us-east-1:000000000000:guardrail/${guardrail.id}`,
      versions: ['1'],
    });
    expect(guardrail.properties).toMatchObject({ Name: 'local-chat', BlockedInputMessaging: 'Sorry, I cannot help with that.' });
    expect(model.unsupported.filter((item) => item.includes('Guardrail'))).toEqual([]);
  });

  it('resolves !Ref and !GetAtt as CloudFormation documents them (Ref: ARN; version Ref: id|version)', async () => {
    const model = await loadTemplate(fixture);
    const id = model.guardrails?.[0].id;
    expect(model.functions[0].environment).toEqual({
      GUARDRAIL_ARN: `arn:aws:bedrock:us-east-1:000000000000:guardrail/${id}`,
      GUARDRAIL_ID: id,
      GUARDRAIL_VERSION: '1',
      GUARDRAIL_VERSION_REF: `${id}|1`,
    });
  });
});
