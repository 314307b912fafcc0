import type { ApplyGuardrailCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import { evaluateGuardrail, type GuardedText } from '../guardrails/evaluateGuardrail.js';
import type { GuardrailStore } from '../guardrails/GuardrailStore.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, type ModelCallInput } from './ModelCall.js';
import { assertModelInput, bodyMembers } from './modelInput.js';

/** The text blocks of ApplyGuardrail's `content` (images are not assessed locally). */
function textBlocks(content: unknown[]): GuardedText[] {
  return content.flatMap((block) => {
    if (!isRecord(block) || !isRecord(block.text) || typeof block.text.text !== 'string') return [];
    const qualifiers = Array.isArray(block.text.qualifiers) ? block.text.qualifiers.map(String) : undefined;
    return [{ text: block.text.text, qualifiers }];
  });
}

/** The router has decoded the path once; an id still percent-encoded is decoded again, and one that is not valid encoding is kept as sent. */
function decodedOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * ApplyGuardrail: the named guardrail (id or ARN, `DRAFT` or a published version) applied to the
 * content as `source` (`INPUT` or `OUTPUT`), with `outputScope` (`INTERVENTIONS` by default, or
 * `FULL`). An unknown guardrail answers ResourceNotFoundException (see GuardrailStore).
 */
export function applyGuardrail(
  service: BedrockService,
  guardrails: GuardrailStore,
  call: ModelCallInput & { guardrailId: string; guardrailVersion: string },
): Promise<Omit<ApplyGuardrailCommandOutput, '$metadata'>> {
  const identifier = decodedOnce(call.guardrailId);
  return logged(service, 'ApplyGuardrail', { ...call, modelId: `guardrail/${identifier}/${call.guardrailVersion}` }, async (note) => {
    assertModelInput('bedrock-runtime', 'ApplyGuardrail', { ...bodyMembers(call.body), guardrailIdentifier: identifier, guardrailVersion: call.guardrailVersion });
    const body = bodyMembers(call.body) as { source: 'INPUT' | 'OUTPUT'; outputScope?: 'INTERVENTIONS' | 'FULL'; content?: unknown[] };
    if (!Array.isArray(body.content) || body.content.length === 0) throw validationError('The content field must contain at least one content block.');
    const definition = guardrails.resolve(identifier, call.guardrailVersion, 'applyGuardrail');
    const evaluation = evaluateGuardrail(definition, body.source, textBlocks(body.content), { outputScope: body.outputScope });
    const output: Omit<ApplyGuardrailCommandOutput, '$metadata'> = {
      usage: evaluation.usage,
      action: evaluation.action,
      actionReason: evaluation.actionReason,
      outputs: evaluation.outputs,
      assessments: [evaluation.assessment],
      guardrailCoverage: evaluation.assessment.invocationMetrics?.guardrailCoverage,
    };
    const intervenedOn = evaluation.action === 'GUARDRAIL_INTERVENED' ? body.source : undefined;
    note({ output, guardrail: { id: definition.id, version: call.guardrailVersion, action: evaluation.action, ...(intervenedOn ? { intervenedOn } : {}) } });
    return output;
  });
}
