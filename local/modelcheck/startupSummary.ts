import type { ModelCatalogue } from '../bedrock/catalogue/ModelCatalogue.js';
import type { TemplateModel } from '../template/model.js';
import { checkModels, FAILING } from './checkModels.js';
import { findModelReferences } from './findModelReferences.js';
import { formatFindings } from './formatFindings.js';

/**
 * What `genai-kit start` prints about the template's models: one short block with the findings of
 * `genai-kit check` (nothing to say: one line).
 */
export async function startupSummary(model: TemplateModel, catalogue: ModelCatalogue, at: Date): Promise<string> {
  const findings = checkModels(catalogue, await findModelReferences(model), at);
  const lines = formatFindings(findings);
  const failing = findings.filter((finding) => FAILING.has(finding.kind)).length;
  const day = at.toISOString().slice(0, 10);
  if (!lines.length) return `Models (${day}): ${findings.length} ids, all active.\n`;
  const verdict = failing ? ` ${failing} would fail on Bedrock (the fake answers them as AWS does).` : '';
  return `Models (${day}, genai-kit check):${verdict}\n${lines.join('\n')}\n`;
}
