import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../local/template/index.js';

const fixture = path.resolve('test/fixtures/template/knowledge-bases/template.yaml');
const LOCAL_ID = /^[0-9A-Z]{10}$/;

describe('loadTemplate: AWS::Bedrock::KnowledgeBase and DataSource', () => {
  it('reads knowledge bases with their S3 data sources, local ids and chunking in the SDK\'s shape', async () => {
    // Act
    const model = await loadTemplate(fixture);
    // Assess
    const [manuals, faq] = model.knowledgeBases ?? [];
    expect(model.knowledgeBases).toHaveLength(2);
    expect(manuals.knowledgeBaseId).toMatch(LOCAL_ID);
    expect(manuals).toMatchObject({
      logicalId: 'ManualsKb',
      name: 'manuals',
      roleArn: 'arn:aws:iam::000000000000:role/local-KbRole',
      embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0',
      dimensions: 256,
      storageType: 'S3_VECTORS',
    });
    expect(manuals.dataSources.map((ds) => ds.dataSourceId)).toEqual([expect.stringMatching(LOCAL_ID), expect.stringMatching(LOCAL_ID)]);
    expect(manuals.dataSources[0]).toMatchObject({
      logicalId: 'ManualsSource',
      name: 'manuals',
      bucketName: 'kb-docs',
      inclusionPrefixes: ['manuals/'],
      chunkingConfiguration: {
        chunkingStrategy: 'HIERARCHICAL',
        hierarchicalChunkingConfiguration: { levelConfigurations: [{ maxTokens: 1500 }, { maxTokens: 300 }], overlapTokens: 60 },
      },
    });
    expect(manuals.dataSources[1]).toEqual({ dataSourceId: manuals.dataSources[1].dataSourceId, logicalId: 'NotesSource', name: 'notes', bucketName: 'kb-notes', dataDeletionPolicy: 'RETAIN' });
    expect(faq).toMatchObject({ logicalId: 'FaqKb', description: 'Frequently asked questions.', storageType: 'OPENSEARCH_SERVERLESS', dataSources: [] });
    expect(faq.dimensions).toBeUndefined();
  });

  it('gives every knowledge base and data source its own id, the same on every load', async () => {
    const first = await loadTemplate(fixture);
    const second = await loadTemplate(fixture);
    const ids = (model: typeof first) => model.knowledgeBases?.flatMap((kb) => [kb.knowledgeBaseId, ...kb.dataSources.map((ds) => ds.dataSourceId)]);
    expect(ids(second)).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(ids(first)?.length);
  });

  it('resolves !Ref and !GetAtt as CloudFormation documents them (data source Ref: <kb id>|<ds id>)', async () => {
    const model = await loadTemplate(fixture);
    const kb = model.knowledgeBases?.[0];
    const dataSourceId = kb?.dataSources[0].dataSourceId;
    const kbArn = `arn:aws:bedrock:us-east-1:000000000000:knowledge-base/${kb?.knowledgeBaseId}`;
    expect(model.functions[0].environment).toEqual({
      KB_REF: kb?.knowledgeBaseId,
      KB_ID: kb?.knowledgeBaseId,
      KB_ARN: kbArn,
      DS_REF: `${kb?.knowledgeBaseId}|${dataSourceId}`,
      DS_ID: dataSourceId,
      INDEX_ARN: 'arn:aws:s3vectors:us-east-1:000000000000:bucket/local-vectors/index/docs-index',
    });
  });

  it('names what it does not emulate: a data source that is not S3', async () => {
    const model = await loadTemplate(fixture);
    expect(model.unsupported).toEqual(['WebSource: data source type WEB (only S3 data sources are ingested locally)']);
  });

  it('reads the project template\'s knowledge base: the documents bucket\'s knowledge/ prefix, S3 Vectors in production', async () => {
    const model = await loadTemplate(path.resolve('template.yaml'));
    const [kb] = model.knowledgeBases ?? [];
    expect(model.knowledgeBases).toHaveLength(1);
    expect(kb).toMatchObject({ logicalId: 'KnowledgeBase', storageType: 'S3_VECTORS', dimensions: 1024 });
    expect(kb.dataSources).toMatchObject([{ logicalId: 'KnowledgeDataSource', bucketName: model.buckets?.[0].bucketName, inclusionPrefixes: ['knowledge/'] }]);
    const knowledgeFunction = model.functions.find((fn) => fn.logicalId === 'KnowledgeFunction');
    expect(knowledgeFunction?.environment.KNOWLEDGE_BASE_ID).toBe(kb.knowledgeBaseId);
    expect(model.unsupported).toEqual([]);
  });
});
