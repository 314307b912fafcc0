import type { BedrockService } from '../server/BedrockService.js';
import { guardrailsFromTemplate, type TemplateGuardrail } from './parseGuardrails.js';

/**
 * Gives the template's `AWS::Bedrock::Guardrail` resources to the fake Bedrock the stack started
 * (the fake starts before the template is read). A guardrails file given with `--bedrock-guardrails`
 * was loaded at start and wins over a template guardrail of the same id. With an external Bedrock,
 * the guardrails are only named in the log.
 */
export function handTemplateGuardrails(templateGuardrails: TemplateGuardrail[] | undefined, service: BedrockService | undefined, log: (line: string) => void): void {
  const guardrails = guardrailsFromTemplate(templateGuardrails);
  if (guardrails.length === 0) return;
  const fromFile = new Set(service?.guardrails.list().map((guardrail) => guardrail.id) ?? []);
  for (const guardrail of guardrails) {
    if (service && !fromFile.has(guardrail.id)) service.guardrails.add(guardrail);
    const where = service ? '' : ' (external Bedrock: not installed there)';
    log(`[bedrock] guardrail ${guardrail.properties.Name}: id ${guardrail.id}, versions DRAFT${guardrail.versions.map((v) => `, ${v}`).join('')}${where}`);
  }
}
