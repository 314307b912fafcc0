import path from 'node:path';
import { parseArgs } from 'node:util';
import { OVERLAY_FILE } from '../bedrock/catalogue/catalogueOverlay.js';
import { ModelCatalogue } from '../bedrock/catalogue/ModelCatalogue.js';
import { parseDay } from '../bedrock/catalogue/modelLifecycle.js';
import { checkModels, FAILING, findModelReferences, formatFindings } from '../modelcheck/index.js';
import { loadTemplate } from '../template/index.js';
import { joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION } from './parameterOverrides.js';

const HELP = `Usage: genai-kit check [options]

Checks every Bedrock model the template uses (parameter values, function environments, state
machine definitions, model ids in the functions' source files) against the kit's model catalogue:
models past their end of life and unknown ids fail (exit status 1); Legacy models (with their
end-of-life date) and bare ids that need an inference profile are reported. Run it before sam deploy.
The catalogue is the kit's, with the project's .genai-kit/models.json on top (genai-kit models import).

Options:
  --template <file>            SAM template (default template.yaml)
  --parameter-overrides K=V …  parameter values, as sam deploy takes them (env GENAI_KIT_PARAMETER_OVERRIDES)
  --as-of <YYYY-MM-DD>         check for another day than today (e.g. your next release)
  --verbose                    list the active models too
`;

/** The catalogue the kit runs with: the built-in one and the project's overlay (`.genai-kit/models.json`) if it has one. */
export function loadCatalogue(projectDir = process.cwd()): ModelCatalogue {
  return ModelCatalogue.load(undefined, path.join(projectDir, OVERLAY_FILE));
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: joinOverridePairs(args),
    options: {
      template: { type: 'string', default: 'template.yaml' },
      ...PARAMETER_OVERRIDES_OPTION,
      'as-of': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const at = values['as-of'] ? parseDay(values['as-of']) : new Date();
  const templatePath = path.resolve(values.template as string);
  const model = await loadTemplate(templatePath, {
    parameterOverrides: overridesFrom(values),
    // A parameter without a default (a secret) does not name a model; any value lets the template load.
    localDefaults: { AuthJwtSecret: 'genai-kit-check' },
  });
  const findings = checkModels(loadCatalogue(path.dirname(templatePath)), await findModelReferences(model), at);
  const failing = findings.filter((finding) => FAILING.has(finding.kind));
  const day = at.toISOString().slice(0, 10);
  process.stdout.write(`genai-kit check: ${path.relative(process.cwd(), templatePath) || templatePath} as of ${day}: ${findings.length} model ids\n`);
  const lines = formatFindings(findings, values.verbose as boolean);
  if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(failing.length ? `${failing.length} model ids fail on Bedrock: fix them before sam deploy\n` : 'no model past its end of life, no unknown model\n');
  return failing.length ? 1 : 0;
}
