import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bedrockOptions } from '../../../local/stack/bedrockOptions.js';
import { loadTemplate } from '../../../local/template/index.js';

describe('bedrockOptions: what the embedded stack hands the fake Bedrock', () => {
  it('passes the template\'s knowledge bases, their index under <dataDir>/knowledge-bases', async () => {
    // Prepare
    const model = await loadTemplate('template.yaml');
    // Act
    const options = bedrockOptions({}, '/project', model, '/project/.local');
    // Assess
    expect(options.knowledgeBases).toBe(model.knowledgeBases);
    expect(options.knowledgeBases?.[0].dataSources[0].inclusionPrefixes).toEqual(['knowledge/']);
    expect(options.knowledgeBaseDataDir).toBe(path.join('/project/.local', 'knowledge-bases'));
  });

  it('keeps an ephemeral stack\'s index in memory, and the caller\'s options win', async () => {
    const model = await loadTemplate('template.yaml');
    expect(bedrockOptions({}, '/project', model, undefined)).not.toHaveProperty('knowledgeBaseDataDir');
    expect(bedrockOptions({ bedrock: { knowledgeBases: [], knowledgeBaseDataDir: '/elsewhere' } }, '/project', model, '/project/.local')).toMatchObject({ knowledgeBases: [], knowledgeBaseDataDir: '/elsewhere' });
  });
});
