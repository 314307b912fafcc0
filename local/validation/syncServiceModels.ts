/**
 * Copies the service models the kit validates against from the installed botocore into
 * `local/validation/models/`, without their documentation (which is most of their size and is
 * never read here). Run after upgrading botocore: `npx tsx local/validation/syncServiceModels.ts`.
 * `test/unit/validation/shippedModels.test.ts` fails while a copy differs from botocore's.
 *
 * Why copies and not botocore itself: the fake Bedrock runs in its own image without Python, and
 * the `@aws-sdk/*` clients ship compiled serializers, not the constraint traits (min/max/pattern).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SERVICE_MODEL_NAMES, type ServiceModelName } from './serviceModel.js';

export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'models');

/** Where botocore's data folder is, from the `python3` on the PATH. */
export function botocoreDataDir(): string {
  const out = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' });
  return join(out.trim(), 'data');
}

/** botocore's model of a service (newest API version), documentation removed. */
export function readBotocoreModel(name: ServiceModelName, dataDir = botocoreDataDir()): unknown {
  const versions = readdirSync(join(dataDir, name)).sort();
  const folder = join(dataDir, name, versions[versions.length - 1] ?? '');
  const files = readdirSync(folder);
  const raw = files.includes('service-2.json')
    ? readFileSync(join(folder, 'service-2.json'), 'utf8')
    : gunzipSync(readFileSync(join(folder, 'service-2.json.gz'))).toString('utf8');
  return stripDocumentation(JSON.parse(raw));
}

function stripDocumentation(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocumentation);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'documentation' || key === 'documentationUrl' || key === 'examples') continue;
    out[key] = stripDocumentation(item);
  }
  return out;
}

export function serializeModel(model: unknown): string {
  return `${JSON.stringify(model, null, 1)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dataDir = botocoreDataDir();
  for (const name of SERVICE_MODEL_NAMES) {
    writeFileSync(join(MODELS_DIR, `${name}.json`), serializeModel(readBotocoreModel(name, dataDir)));
    console.log(`wrote models/${name}.json`);
  }
}
