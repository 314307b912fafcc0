import type { RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';
import { describe, expect, it } from 'vitest';
import type { DocumentMetadata } from '../../../../local/bedrock/knowledgebase/metadata.js';
import { compileFilter } from '../../../../local/bedrock/knowledgebase/metadataFilter.js';

const report: DocumentMetadata = { genre: 'report', year: 2024, draft: false, tags: ['finance', 'quarterly'], title: 'Quarterly results' };
const memo: DocumentMetadata = { genre: 'memo', year: 2021, tags: ['hr'], title: 'Holiday memo' };

function passing(filter: RetrievalFilter): string[] {
  const accept = compileFilter(filter);
  return [report, memo].filter(accept).map((metadata) => String(metadata.genre));
}

describe('RetrievalFilter on chunk metadata', () => {
  it.each<[string, RetrievalFilter, string[]]>([
    ['equals', { equals: { key: 'genre', value: 'memo' } }, ['memo']],
    ['equals on a boolean', { equals: { key: 'draft', value: false } }, ['report']],
    ['notEquals (a missing key passes)', { notEquals: { key: 'draft', value: false } }, ['memo']],
    ['greaterThan', { greaterThan: { key: 'year', value: 2021 } }, ['report']],
    ['greaterThanOrEquals', { greaterThanOrEquals: { key: 'year', value: 2021 } }, ['report', 'memo']],
    ['lessThan', { lessThan: { key: 'year', value: 2024 } }, ['memo']],
    ['lessThanOrEquals', { lessThanOrEquals: { key: 'year', value: 2024 } }, ['report', 'memo']],
    ['in', { in: { key: 'genre', value: ['memo', 'letter'] } }, ['memo']],
    ['notIn', { notIn: { key: 'genre', value: ['memo', 'letter'] } }, ['report']],
    ['startsWith', { startsWith: { key: 'title', value: 'Quarter' } }, ['report']],
    ['listContains', { listContains: { key: 'tags', value: 'hr' } }, ['memo']],
    ['stringContains on a string', { stringContains: { key: 'title', value: 'memo' } }, ['memo']],
    ['stringContains on a list', { stringContains: { key: 'tags', value: 'quarter' } }, ['report']],
    ['a number against a string is no match', { greaterThan: { key: 'genre', value: 1 } }, []],
    ['andAll', { andAll: [{ greaterThan: { key: 'year', value: 2000 } }, { listContains: { key: 'tags', value: 'finance' } }] }, ['report']],
    ['orAll', { orAll: [{ equals: { key: 'genre', value: 'memo' } }, { equals: { key: 'year', value: 2024 } }] }, ['report', 'memo']],
    ['nested', { orAll: [{ andAll: [{ equals: { key: 'genre', value: 'memo' } }, { lessThan: { key: 'year', value: 2000 } }] }, { equals: { key: 'genre', value: 'report' } }] }, ['report']],
  ])('%s', (_name, filter, expected) => {
    // Act
    const result = passing(filter);
    // Assess
    expect(result).toEqual(expected);
  });
});
