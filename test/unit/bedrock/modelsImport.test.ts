import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBedrockApp } from '../../../local/bedrock/index.js';
import { OVERLAY_FILE, type CatalogueOverlay } from '../../../local/bedrock/catalogue/catalogueOverlay.js';
import { importAwsListing } from '../../../local/bedrock/catalogue/importAwsListing.js';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import { lifecycleState, parseDay } from '../../../local/bedrock/catalogue/modelLifecycle.js';
import { run } from '../../../local/cli/models.js';

const FIXTURES = new URL('../../fixtures/models-import/', import.meta.url).pathname;
const saved = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as unknown;
const SIGNED = { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };

describe('genai-kit models import', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('merges lifecycle dates, on-demand support and new models from list-foundation-models, and profile geographies from list-inference-profiles', () => {
    // Prepare
    const builtIn = ModelCatalogue.load();
    // Act
    const first = importAwsListing(saved('foundation-models.json'), { models: [] }, builtIn, '2026-12-07');
    const second = importAwsListing(saved('inference-profiles.json'), first.overlay, builtIn, '2026-12-07');
    // Assess
    expect(first).toMatchObject({ kind: 'foundation-models', models: 2 });
    expect(second).toMatchObject({ kind: 'inference-profiles', models: 2 });
    const haiku = second.overlay.models.find((model) => model.id === 'anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(haiku).toMatchObject({ onDemand: false, lifecycle: { legacy: '2027-03-01', endOfLife: '2027-09-01', source: 'account-import' } });
    expect(haiku?.inferenceProfiles).toEqual(['us', 'eu', 'jp', 'global', 'apac']);
    expect(second.overlay.models.find((model) => model.id === 'anthropic.claude-sonnet-5')).toMatchObject({ name: 'Claude Sonnet 5', family: 'anthropic', kind: 'text', inferenceProfiles: ['us'] });
    expect(second.overlay.models.some((model) => model.id.endsWith(':200k'))).toBe(false);
  });

  it('refuses a file that is no saved Bedrock listing', () => {
    expect(() => importAwsListing({ Items: [] }, { models: [] }, ModelCatalogue.load(), '2026-12-07')).toThrow('not a saved answer');
  });

  it('writes .genai-kit/models.json, which the catalogue and the fake load on top of the built-in one', async () => {
    // Prepare
    const project = mkdtempSync(path.join(tmpdir(), 'models-import-'));
    process.chdir(project);
    // Act
    const code = await run(['import', path.join(FIXTURES, 'foundation-models.json'), path.join(FIXTURES, 'inference-profiles.json'), '--as-of', '2026-12-07']);
    // Assess
    expect(code).toBe(0);
    const overlayFile = path.join(project, OVERLAY_FILE);
    const overlay = JSON.parse(readFileSync(overlayFile, 'utf8')) as CatalogueOverlay;
    expect(overlay.imports?.map((entry) => entry.kind)).toEqual(['foundation-models', 'inference-profiles']);
    const catalogue = ModelCatalogue.load(undefined, overlayFile);
    expect(lifecycleState(catalogue.get('anthropic.claude-haiku-4-5-20251001-v1:0')!, parseDay('2027-09-01'))).toBe('EOL');
    expect(catalogue.resolve('apac.anthropic.claude-haiku-4-5-20251001-v1:0').profile).toBe('apac');
    const { app } = buildBedrockApp({ catalogueOverlayFile: overlayFile, lifecycleLog: () => undefined });
    const answered = await app.inject({
      method: 'POST',
      url: '/model/us.anthropic.claude-sonnet-5/converse',
      headers: SIGNED,
      payload: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'new model?' }] }] }),
    });
    expect(answered.statusCode).toBe(200);
    await app.close();
  });
});

describe('genai-kit models', () => {
  it('prints each model\u2019s state on the given day, its EOL date, profiles and price', async () => {
    const { formatCatalogue } = await import('../../../local/cli/models.js');
    const today = formatCatalogue(ModelCatalogue.load(), parseDay('2026-12-07')).split('\n');
    const opus41 = today.find((line) => line.startsWith('anthropic.claude-opus-4-1-20250805-v1:0'));
    expect(opus41).toMatch(/LEGACY\s+2027-01-08\s+no\s+us\s+\$15 \/ \$75/);
    const later = formatCatalogue(ModelCatalogue.load(), parseDay('2027-01-08'), 'eol');
    expect(later).toContain('anthropic.claude-opus-4-1-20250805-v1:0');
    expect(later).not.toContain('anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(today[0]).toMatch(/^MODEL ID\s+STATE\s+EOL/);
  });
});
