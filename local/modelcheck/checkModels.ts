import type { ModelCatalogue } from '../bedrock/catalogue/ModelCatalogue.js';
import { lifecycleState } from '../bedrock/catalogue/modelLifecycle.js';
import type { ModelReference } from './findModelReferences.js';

/** What the check says of one model id: `ok`, or why it fails (or will) on Bedrock. */
export type FindingKind = 'eol' | 'unknown' | 'legacy' | 'needs-profile' | 'ok';

export interface ModelFinding {
  kind: FindingKind;
  modelId: string;
  /** Every place the id was found. */
  where: string[];
  message: string;
  endOfLife?: string;
  replacement?: string;
}

/** The kinds that fail the check (exit status 1): calls that fail on Bedrock today. */
export const FAILING: ReadonlySet<FindingKind> = new Set(['eol', 'unknown']);

const ORDER: FindingKind[] = ['eol', 'unknown', 'legacy', 'needs-profile', 'ok'];

function daysUntil(day: string, at: Date): number {
  return Math.ceil((new Date(`${day}T00:00:00Z`).getTime() - at.getTime()) / 86_400_000);
}

/** The finding for one model id on a day. */
export function checkModelId(catalogue: ModelCatalogue, modelId: string, at: Date): Omit<ModelFinding, 'where'> {
  const found = catalogue.identify(modelId);
  if (!found) {
    const dot = modelId.indexOf('.');
    const base = catalogue.get(modelId.slice(dot + 1));
    const hint = base
      ? `: ${base.id} has no ${modelId.slice(0, dot)}. inference profile (profiles: ${base.inferenceProfiles.join(', ') || 'none'})`
      : ': not in the catalogue (a typo, a model Bedrock does not serve, or a newer one: genai-kit models import)';
    return { kind: 'unknown', modelId, message: `unknown model id${hint}` };
  }
  const { entry, profile } = found;
  const { endOfLife, replacement } = entry.lifecycle ?? {};
  const instead = replacement ? `; use ${replacement}` : '';
  const state = lifecycleState(entry, at);
  if (state === 'EOL') return { kind: 'eol', modelId, endOfLife, replacement, message: `end of life since ${endOfLife}: every call fails${instead}` };
  if (state === 'LEGACY') {
    const when = endOfLife ? `end of life on ${endOfLife} (in ${daysUntil(endOfLife, at)} days)` : 'end-of-life date not announced';
    return { kind: 'legacy', modelId, endOfLife, replacement, message: `Legacy: ${when}${instead}` };
  }
  if (!profile && !entry.onDemand) {
    const ids = entry.inferenceProfiles.map((prefix) => `${prefix}.${entry.id}`);
    return { kind: 'needs-profile', modelId, message: `no on-demand throughput for the bare id: call it through an inference profile (${ids.join(', ')})` };
  }
  return { kind: 'ok', modelId, message: 'active' };
}

/**
 * Checks every referenced model id against the catalogue on a day: one finding per id (with all
 * the places it was found), worst first.
 *
 * @example
 * const findings = checkModels(ModelCatalogue.load(), references, new Date('2026-12-07'));
 * findings.some((finding) => FAILING.has(finding.kind)); // true if a deploy would ship a broken model
 */
export function checkModels(catalogue: ModelCatalogue, references: ModelReference[], at: Date): ModelFinding[] {
  const byId = new Map<string, string[]>();
  for (const reference of references) byId.set(reference.modelId, [...(byId.get(reference.modelId) ?? []), reference.where]);
  return [...byId.entries()]
    .map(([modelId, where]) => ({ ...checkModelId(catalogue, modelId, at), where }))
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.modelId.localeCompare(b.modelId));
}
