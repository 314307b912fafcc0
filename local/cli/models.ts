import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OVERLAY_FILE, readOverlay } from '../bedrock/catalogue/catalogueOverlay.js';
import { importAwsListing } from '../bedrock/catalogue/importAwsListing.js';
import type { ModelCatalogue, ModelEntry } from '../bedrock/catalogue/ModelCatalogue.js';
import { lifecycleState, parseDay } from '../bedrock/catalogue/modelLifecycle.js';
import { loadCatalogue } from './check.js';

const HELP = `Usage: genai-kit models [--as-of YYYY-MM-DD] [--state ACTIVE|LEGACY|EOL]
       genai-kit models import <file> … [--as-of YYYY-MM-DD]

Prints the fake Bedrock's model catalogue: state on the day, end-of-life date, inference-profile
geographies, on-demand price (USD per 1M input / output tokens; rerank: per 1k queries).

'import' merges what a real account answered into the project's overlay, ${OVERLAY_FILE} (commit it):
  aws bedrock list-foundation-models --region us-east-1 > foundation-models.json
  aws bedrock list-inference-profiles --region us-east-1 > inference-profiles.json
  genai-kit models import foundation-models.json inference-profiles.json
The fake, genai-kit check and genai-kit start load the overlay on top of the built-in catalogue.
`;

function price(model: ModelEntry): string {
  if (model.kind === 'rerank') return `$${model.pricePer1kQueries ?? 0}/1k queries`;
  const perMillion = (value: number) => `$${Number((value * 1000).toFixed(3))}`;
  return model.kind === 'embedding' ? `${perMillion(model.pricePer1kInputTokens)} in` : `${perMillion(model.pricePer1kInputTokens)} / ${perMillion(model.pricePer1kOutputTokens)}`;
}

/** The catalogue as a table (one line per model), for a day. */
export function formatCatalogue(catalogue: ModelCatalogue, at: Date, state?: string): string {
  const rows = catalogue.models
    .map((model) => ({ model, state: lifecycleState(model, at) }))
    .filter((row) => !state || row.state === state.toUpperCase())
    .map(({ model, state: current }) => [
      model.id,
      current,
      model.lifecycle?.endOfLife ?? '',
      model.onDemand ? 'yes' : 'no',
      model.inferenceProfiles.join(' '),
      price(model),
    ]);
  const header = ['MODEL ID', 'STATE', 'EOL', 'ON-DEMAND', 'PROFILES', 'PRICE (1M tokens in / out)'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

async function runImport(files: string[], day: string): Promise<number> {
  if (!files.length) throw new Error('models import: name the saved JSON file(s)');
  const target = path.resolve(OVERLAY_FILE);
  let overlay = readOverlay(target);
  for (const file of files) {
    const result = importAwsListing(JSON.parse(readFileSync(file, 'utf8')), overlay, loadCatalogue(), day);
    overlay = {
      $comment: 'Models from a real account (genai-kit models import), merged on top of the kit\u2019s catalogue by the fake Bedrock, genai-kit check and genai-kit start. Commit this file.',
      ...result.overlay,
      imports: [...(overlay.imports ?? []), { file: path.basename(file), kind: result.kind, day, models: result.models }],
    };
    process.stdout.write(`${file}: ${result.kind}, ${result.models} models merged\n`);
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(overlay, null, 2)}\n`);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)} (${overlay.models.length} models)\n`);
  return 0;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'as-of': { type: 'string' }, state: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const at = values['as-of'] ? parseDay(values['as-of']) : new Date();
  if (positionals[0] === 'import') return runImport(positionals.slice(1), at.toISOString().slice(0, 10));
  if (positionals.length) throw new Error(`models: unknown subcommand '${positionals[0]}' (try --help)`);
  process.stdout.write(`Models as of ${at.toISOString().slice(0, 10)}:\n${formatCatalogue(loadCatalogue(), at, values.state)}\n`);
  return 0;
}
