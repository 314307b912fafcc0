import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KnowledgeBaseStore } from '../../../local/bedrock/knowledgebase/KnowledgeBaseStore.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('KnowledgeBaseStore cache', () => {
  it('embeds a shared folder once whatever ids name it, so request ids cannot grow memory', () => {
    // Prepare: a shared folder answers for any knowledge base id.
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'faq.md'), 'Returns are accepted within 30 days.\n\nShipping takes 3 days.');
    const store = new KnowledgeBaseStore(dir);

    // Act
    for (let i = 0; i < 500; i++) store.search(`KB${i}`, 'returns', 1);

    // Assess
    expect(store.cachedFolders).toBe(1);
    expect(store.chunks('ANY')[0]).toMatchObject({ chunkId: 'faq.md#0', uri: 's3://local-knowledge-base/ANY/faq.md' });
  });
});
