import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsFromEnv, REALISTIC_PACE } from '../../../local/bedrock/server/optionsFromEnv.js';
import { parseLlamaPrompt } from '../../../local/bedrock/families/metaLlama.js';

describe('optionsFromEnv', () => {
  it('defaults to 127.0.0.1:4010 at a realistic pace', () => {
    expect(optionsFromEnv({})).toMatchObject({ host: '127.0.0.1', port: 4010, ...REALISTIC_PACE });
  });

  it('reads every setting', () => {
    const options = optionsFromEnv({
      BEDROCK_HOST: '0.0.0.0', BEDROCK_PORT: '5000', BEDROCK_FIRST_TOKEN_DELAY_MS: '0', BEDROCK_TOKENS_PER_SECOND: '0',
      BEDROCK_FAULTS: '[{"fault":"throttling","times":1}]', BEDROCK_SIGNATURE: 'strict', BEDROCK_CREDENTIALS: 'a:b,c:d',
      BEDROCK_UPSTREAM_URL: 'http://127.0.0.1:11434/v1', BEDROCK_UPSTREAM_MODEL: 'llama3.2', BEDROCK_RESPONDER: 'upstream',
    });
    expect(options).toMatchObject({
      host: '0.0.0.0', port: 5000, firstTokenDelayMs: 0, tokensPerSecond: 0, faults: [{ fault: 'throttling', times: 1 }], signature: 'strict',
      credentials: [{ accessKeyId: 'a', secretAccessKey: 'b' }, { accessKeyId: 'c', secretAccessKey: 'd' }],
      upstream: { baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.2' }, responder: 'upstream',
    });
  });

  it('reads the guardrails file of the standalone fake from BEDROCK_GUARDRAILS_FILE', () => {
    expect(optionsFromEnv({ BEDROCK_GUARDRAILS_FILE: '/data/guardrails.json' }).guardrailsFile).toBe('/data/guardrails.json');
  });

  it('reads the knowledge-base definitions file, the S3 endpoint and the data folder', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'kb-env-'));
    const file = join(dir, 'knowledge-bases.json');
    writeFileSync(file, JSON.stringify([{ knowledgeBaseId: 'KBLOCAL001', dataSources: [] }]));
    // Act
    const options = optionsFromEnv({ BEDROCK_KNOWLEDGE_BASES: file, BEDROCK_S3_ENDPOINT: 'http://s3:4566', BEDROCK_KB_DATA_DIR: '/data/kb' });
    rmSync(dir, { recursive: true, force: true });
    // Assess
    expect(options).toMatchObject({ knowledgeBases: [{ knowledgeBaseId: 'KBLOCAL001' }], s3Endpoint: 'http://s3:4566', knowledgeBaseDataDir: '/data/kb' });
  });

  it('refuses nonsense', () => {
    expect(() => optionsFromEnv({ BEDROCK_PORT: 'x' })).toThrow();
    expect(() => optionsFromEnv({ BEDROCK_SIGNATURE: 'maybe' })).toThrow();
  });
});

describe('parseLlamaPrompt', () => {
  it('reads a Llama 3 chat template into turns, a plain prompt into one user turn', () => {
    const prompt = '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe kind.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';
    expect(parseLlamaPrompt(prompt)).toEqual({ system: [{ text: 'Be kind.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });
    expect(parseLlamaPrompt('just text').messages).toEqual([{ role: 'user', content: [{ text: 'just text' }] }]);
  });
});
