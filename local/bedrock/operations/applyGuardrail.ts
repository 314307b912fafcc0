import type { ApplyGuardrailCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import { evaluateGuardrail, type GuardedText } from '../guardrails/evaluateGuardrail.js';
import type { GuardrailStore } from '../guardrails/GuardrailStore.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, type ModelCallInput } from './ModelCall.js';

const VERSION = /^(DRAFT|[1-9][0-9]{0,7})$/;
const IDENTIFIER = /^(([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/;

function constraint(value: unknown, path: string, rule: string): Error {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${path}' failed to satisfy constraint: ${rule}`);
}

/** The text blocks of ApplyGuardrail's `content` (images are not assessed locally). */
function textBlocks(content: unknown[]): GuardedText[] {
  return content.flatMap((block) => {
    if (!isRecord(block) || !isRecord(block.text) || typeof block.text.text !== 'string') return [];
    const qualifiers = Array.isArray(block.text.qualifiers) ? block.text.qualifiers.map(String) : undefined;
    return [{ text: block.text.text, qualifiers }];
  });
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
  const identifier = decodeURIComponent(call.guardrailId);
  return logged(service, 'ApplyGuardrail', { ...call, modelId: `guardrail/${identifier}/${call.guardrailVersion}` }, async (note) => {
    if (!IDENTIFIER.test(identifier)) {
      throw constraint(identifier, 'guardrailIdentifier', 'Member must satisfy regular expression pattern: (|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))');
    }
    if (!VERSION.test(call.guardrailVersion)) {
      throw constraint(call.guardrailVersion, 'guardrailVersion', 'Member must satisfy regular expression pattern: (([1-9][0-9]{0,7})|(DRAFT))');
    }
    const body = isRecord(call.body) ? call.body : {};
    if (body.source !== 'INPUT' && body.source !== 'OUTPUT') {
      throw constraint(body.source, 'source', 'Member must satisfy enum value set: [INPUT, OUTPUT]');
    }
    if (body.outputScope !== undefined && body.outputScope !== 'INTERVENTIONS' && body.outputScope !== 'FULL') {
      throw constraint(body.outputScope, 'outputScope', 'Member must satisfy enum value set: [INTERVENTIONS, FULL]');
    }
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
