import type { ApplyGuardrailCommandOutput, GuardrailAssessment } from '@aws-sdk/client-bedrock-runtime';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, type ModelCallInput } from './ModelCall.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /\+?\d[\d -]{7,}\d/g;

/** What the fake guardrail does: block listed words, anonymise e-mail addresses and phone numbers. */
export interface GuardrailPolicy {
  blockedWords: string[];
  blockedMessage: string;
}

/**
 * ApplyGuardrail: a deterministic guardrail. Text containing a blocked word is blocked
 * (`GUARDRAIL_INTERVENED`, output = the blocked message); e-mail addresses and phone numbers are
 * anonymised (`{EMAIL}`, `{PHONE}`, also `GUARDRAIL_INTERVENED`); anything else passes (`NONE`).
 */
export function applyGuardrail(
  service: BedrockService,
  call: ModelCallInput & { guardrailId: string; guardrailVersion: string },
  policy: GuardrailPolicy,
): Promise<Omit<ApplyGuardrailCommandOutput, '$metadata'>> {
  return logged(service, 'ApplyGuardrail', { ...call, modelId: `guardrail/${call.guardrailId}/${call.guardrailVersion}` }, async (note) => {
    if (!/^(DRAFT|[1-9][0-9]{0,7})$/.test(call.guardrailVersion)) {
      throw validationError(`1 validation error detected: Value '${call.guardrailVersion}' at 'guardrailVersion' failed to satisfy constraint: Member must satisfy regular expression pattern: (([1-9][0-9]{0,7})|(DRAFT))`);
    }
    const body = isRecord(call.body) ? call.body : {};
    if (body.source !== 'INPUT' && body.source !== 'OUTPUT') {
      throw validationError(`1 validation error detected: Value '${String(body.source)}' at 'source' failed to satisfy constraint: Member must satisfy enum value set: [INPUT, OUTPUT]`);
    }
    if (!Array.isArray(body.content) || body.content.length === 0) throw validationError('The content field must contain at least one content block.');
    const texts = body.content.map((block: unknown) => (isRecord(block) && isRecord(block.text) ? String(block.text.text ?? '') : ''));
    const joined = texts.join('\n');
    const lower = joined.toLowerCase();
    const blocked = policy.blockedWords.filter((word) => lower.includes(word.toLowerCase()));
    const assessment: GuardrailAssessment = {};
    let outputs = texts;
    if (blocked.length > 0) {
      assessment.wordPolicy = { customWords: blocked.map((match) => ({ match, action: 'BLOCKED', detected: true })), managedWordLists: [] };
      outputs = [policy.blockedMessage];
    } else {
      const pii: NonNullable<NonNullable<GuardrailAssessment['sensitiveInformationPolicy']>['piiEntities']> = [];
      outputs = texts.map((text) =>
        text
          .replace(EMAIL, (match) => (pii.push({ match, type: 'EMAIL', action: 'ANONYMIZED', detected: true }), '{EMAIL}'))
          .replace(PHONE, (match) => (pii.push({ match, type: 'PHONE', action: 'ANONYMIZED', detected: true }), '{PHONE}')),
      );
      if (pii.length > 0) assessment.sensitiveInformationPolicy = { piiEntities: pii, regexes: [] };
    }
    const intervened = blocked.length > 0 || assessment.sensitiveInformationPolicy !== undefined;
    const units = Math.max(1, Math.ceil(joined.length / 1000));
    const output: Omit<ApplyGuardrailCommandOutput, '$metadata'> = {
      usage: {
        topicPolicyUnits: units,
        contentPolicyUnits: units,
        wordPolicyUnits: units,
        sensitiveInformationPolicyUnits: units,
        sensitiveInformationPolicyFreeUnits: 0,
        contextualGroundingPolicyUnits: 0,
      },
      action: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE',
      actionReason: intervened ? 'Guardrail blocked.' : 'No action.',
      outputs: intervened ? outputs.map((text) => ({ text })) : [],
      assessments: [assessment],
    };
    note({ output });
    return output;
  });
}
