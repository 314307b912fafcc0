import { describe, expect, it } from 'vitest';
import { ModelCatalogue } from '../../../local/bedrock/catalogue/ModelCatalogue.js';
import { parseDay } from '../../../local/bedrock/catalogue/modelLifecycle.js';
import { run } from '../../../local/cli/check.js';
import { checkModels, findModelReferences, modelIdsIn } from '../../../local/modelcheck/index.js';
import { loadTemplate } from '../../../local/template/index.js';

const TEMPLATE = new URL('../../fixtures/modelcheck/template.yaml', import.meta.url).pathname;
const catalogue = ModelCatalogue.load();

async function findingsOn(day: string, parameterOverrides: Record<string, string> = {}) {
  const model = await loadTemplate(TEMPLATE, { parameterOverrides });
  return checkModels(catalogue, await findModelReferences(model), parseDay(day));
}

describe('genai-kit check', () => {
  it('finds model ids in parameters, environments, state machine tasks and source files', async () => {
    // Act
    const references = await findModelReferences(await loadTemplate(TEMPLATE));
    // Assess
    expect(references).toEqual(expect.arrayContaining([
      { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', where: 'parameter ChatModelId' },
      { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', where: 'ChatFunction environment MODEL_ID' },
      { modelId: 'us.anthropic.claude-opus-4-1-20250805-v1:0', where: 'Pipeline state Analyse' },
      { modelId: 'anthropic.claude-sonet-4-6', where: 'Pipeline state Summarise' },
      { modelId: 'global.anthropic.claude-haiku-4-5-20251001-v1:0', where: 'src/handler.mjs:3' },
      { modelId: 'amazon.rerank-v1:0', where: 'src/handler.mjs:2' },
    ]));
  });

  it('reports the EOL model (with its date and replacement), the unknown id, the Legacy one with its EOL date and a bare id that needs a profile', async () => {
    // Act
    const findings = await findingsOn('2026-12-07');
    const of = (id: string) => findings.find((finding) => finding.modelId === id);
    // Assess
    expect(findings.map((finding) => finding.kind).slice(0, 4)).toEqual(['eol', 'unknown', 'legacy', 'needs-profile']);
    expect(of('anthropic.claude-3-haiku-20240307-v1:0')).toMatchObject({ kind: 'eol', endOfLife: '2026-09-10', replacement: 'anthropic.claude-haiku-4-5-20251001-v1:0' });
    expect(of('anthropic.claude-sonet-4-6')?.kind).toBe('unknown');
    expect(of('us.anthropic.claude-opus-4-1-20250805-v1:0')).toMatchObject({ kind: 'legacy', endOfLife: '2027-01-08' });
    expect(of('us.anthropic.claude-opus-4-1-20250805-v1:0')?.message).toContain('end of life on 2027-01-08 (in 32 days)');
    expect(of('anthropic.claude-sonnet-4-6')).toMatchObject({ kind: 'needs-profile', where: ['ChatFunction environment FALLBACK_MODEL_ID'] });
    expect(of('amazon.titan-embed-text-v2:0')?.kind).toBe('ok');
  });

  it('computes lifecycles for the day it is given: before its EOL the same model is Legacy, after the Legacy one\u2019s EOL it fails too', async () => {
    expect((await findingsOn('2026-06-01')).find((finding) => finding.modelId === 'anthropic.claude-3-haiku-20240307-v1:0')?.kind).toBe('legacy');
    expect((await findingsOn('2027-01-08')).find((finding) => finding.modelId === 'us.anthropic.claude-opus-4-1-20250805-v1:0')?.kind).toBe('eol');
  });

  it('says an unknown profile geography is unknown and names the model\u2019s profiles', async () => {
    const findings = await findingsOn('2026-12-07', { ComplexModelId: 'apac.anthropic.claude-haiku-4-5-20251001-v1:0' });
    expect(findings.find((finding) => finding.modelId === 'apac.anthropic.claude-haiku-4-5-20251001-v1:0')?.message).toContain('no apac. inference profile (profiles: us, eu, jp, global)');
  });

  it('exits 1 when a model is past its end of life or unknown, 0 once the parameters name active models', async () => {
    const failing = await run(['--template', TEMPLATE, '--as-of', '2026-12-07']);
    const passing = await run([
      '--template', TEMPLATE, '--as-of', '2026-12-07',
      '--parameter-overrides', 'ChatModelId=us.anthropic.claude-haiku-4-5-20251001-v1:0', 'SummaryModelId=us.anthropic.claude-sonnet-4-6',
    ]);
    expect(failing).toBe(1);
    // Legacy models and bare ids that need a profile are reported but do not fail the check.
    expect(passing).toBe(0);
    await expect(run(['--template', TEMPLATE, '--as-of', 'someday'])).rejects.toThrow('not a date');
  });

  it('recognises model ids in text, not look-alikes', () => {
    expect(modelIdsIn('see arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-3-70b-instruct-v1:0 and amazon.com, meta.json')).toEqual(['meta.llama3-3-70b-instruct-v1:0']);
  });
});

describe('the models block of genai-kit start', () => {
  it('prints the check\u2019s findings in one short block, and one line when every model is active', async () => {
    const { startupSummary } = await import('../../../local/modelcheck/index.js');
    const model = await loadTemplate(TEMPLATE);
    const block = await startupSummary(model, catalogue, parseDay('2026-12-07'));
    expect(block).toContain('2 would fail on Bedrock');
    expect(block).toContain('EOL      anthropic.claude-3-haiku-20240307-v1:0: end of life since 2026-09-10');
    const clean = await loadTemplate(TEMPLATE, {
      parameterOverrides: {
        ChatModelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        ComplexModelId: 'us.anthropic.claude-sonnet-4-6',
        SummaryModelId: 'us.anthropic.claude-sonnet-4-6',
      },
    });
    const cleanBlock = await startupSummary({ ...clean, functions: clean.functions.map((fn) => ({ ...fn, environment: { MODEL_ID: fn.environment.MODEL_ID } })) }, catalogue, parseDay('2026-12-07'));
    expect(cleanBlock).toMatch(/^Models \(2026-12-07\): \d+ ids, all active\.\n$/);
  });
});
