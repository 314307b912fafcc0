import type { FindingKind, ModelFinding } from './checkModels.js';

const LABELS: Record<FindingKind, string> = { eol: 'EOL', unknown: 'UNKNOWN', legacy: 'LEGACY', 'needs-profile': 'PROFILE', ok: 'OK' };
const MAX_PLACES = 4;

function places(where: string[]): string {
  const shown = where.slice(0, MAX_PLACES).join(', ');
  return where.length > MAX_PLACES ? `${shown}, and ${where.length - MAX_PLACES} more` : shown;
}

/**
 * The findings as lines for a terminal: one per model (label, id, why) and where it is used.
 * `verbose` lists active models too.
 */
export function formatFindings(findings: ModelFinding[], verbose = false): string[] {
  const lines: string[] = [];
  for (const finding of findings) {
    if (finding.kind === 'ok' && !verbose) continue;
    lines.push(`  ${LABELS[finding.kind].padEnd(8)} ${finding.modelId}: ${finding.message}`);
    lines.push(`           in ${places(finding.where)}`);
  }
  return lines;
}
