import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCfnYaml } from '../../../local/template/cfnYaml.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'cfn-yaml-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const cached = () => {
  try {
    return readdirSync(join(cacheDir, 'cfn-yaml')).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
};

describe('parseCfnYaml', () => {
  beforeEach(() => {
    vi.stubEnv('GENAI_KIT_CACHE_DIR', cacheDir);
    rmSync(join(cacheDir, 'cfn-yaml'), { recursive: true, force: true });
  });
  afterEach(() => vi.unstubAllEnvs());

  it('turns short-form tags into long-form intrinsics (with the cache off, as GENAI_KIT_CACHE=off sets it)', () => {
    vi.stubEnv('GENAI_KIT_CACHE', 'off');
    expect(parseCfnYaml('A: !GetAtt Fn.Arn\nB: !Sub "${X}"\nC: !If [Cond, 1, 2]\n')).toEqual({ A: { 'Fn::GetAtt': ['Fn', 'Arn'] }, B: { 'Fn::Sub': '${X}' }, C: { 'Fn::If': ['Cond', 1, 2] } });
    expect(cached()).toEqual([]);
  });

  it('keeps a parse in the cache folder and reads the same text back from it', async () => {
    const text = `Resources:\n  Table: { Type: AWS::DynamoDB::Table, Properties: { TableName: !Ref Name } }\n# ${Math.random()}\n`;
    const first = parseCfnYaml(text);
    await vi.waitFor(() => expect(cached()).toHaveLength(1));
    const file = join(cacheDir, 'cfn-yaml', cached()[0]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(first);
    // What the next parse of that text returns comes from the cache file.
    writeFileSync(file, JSON.stringify({ fromCache: true }));
    expect(parseCfnYaml(text)).toEqual({ fromCache: true });
  });

  it('caches neither a text with errors (it still throws) nor one JSON cannot hold', async () => {
    expect(() => parseCfnYaml('a: [1, 2\n')).toThrow();
    expect(parseCfnYaml('a: .inf\n')).toEqual({ a: Infinity });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cached()).toEqual([]);
  });
});
