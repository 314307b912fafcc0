import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeJob, latestJobs, searchAll, snippet, sourceOf, syncAll, syncTargets, writeDefinitions, type SyncTarget } from '../../../local/cli/kb.js';
import { loadTemplate } from '../../../local/template/index.js';
import { answerWithoutNetwork } from '../src/factories.js';

const config = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const target: SyncTarget = { knowledgeBaseId: 'KB00000001', knowledgeBaseName: 'docs', dataSourceId: 'DS00000001', dataSourceName: 'uploads' };

/** An agent client answering each operation from `answers` by its command name, without the network. */
function agentAnswering(answers: Record<string, (input: Record<string, unknown>) => Record<string, unknown>>) {
  const client = new BedrockAgentClient(config);
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'recordCommand', priority: 'high' },
  );
  const inputs = answerWithoutNetwork(client, (input) => answers[calls[calls.length - 1]](input));
  return { client, calls, inputs };
}

describe('genai-kit kb', () => {
  it('finds every data source of every knowledge base, or of the one named by id or name', async () => {
    // Prepare
    const { client } = agentAnswering({
      ListKnowledgeBasesCommand: () => ({ knowledgeBaseSummaries: [{ knowledgeBaseId: 'KB00000001', name: 'docs' }, { knowledgeBaseId: 'KB00000002', name: 'faq' }] }),
      ListDataSourcesCommand: (input) => ({ dataSourceSummaries: input.knowledgeBaseId === 'KB00000001' ? [{ dataSourceId: 'DS00000001', name: 'uploads' }] : [{ dataSourceId: 'DS00000002', name: 'web' }] }),
    });
    // Act
    const all = await syncTargets(client);
    const named = await syncTargets(client, 'faq');
    // Assess
    expect(all.map((t) => `${t.knowledgeBaseName}/${t.dataSourceName}`)).toEqual(['docs/uploads', 'faq/web']);
    expect(named).toEqual([{ knowledgeBaseId: 'KB00000002', knowledgeBaseName: 'faq', dataSourceId: 'DS00000002', dataSourceName: 'web' }]);
    await expect(syncTargets(client, 'nope')).rejects.toThrow(/no knowledge base .* 'nope'/);
  });

  it('sync starts a job and prints each change of its progress until it completes', async () => {
    // Prepare
    const states = [
      { status: 'IN_PROGRESS', statistics: { numberOfDocumentsScanned: 4 } },
      { status: 'IN_PROGRESS', statistics: { numberOfDocumentsScanned: 4 } },
      { status: 'COMPLETE', statistics: { numberOfDocumentsScanned: 10, numberOfNewDocumentsIndexed: 9, numberOfDocumentsFailed: 1 } },
    ];
    const { client, inputs } = agentAnswering({
      StartIngestionJobCommand: () => ({ ingestionJob: { ingestionJobId: 'JOB0000001', status: 'STARTING' } }),
      GetIngestionJobCommand: () => ({ ingestionJob: { ingestionJobId: 'JOB0000001', failureReasons: states[0].status === 'COMPLETE' ? ['bad.pdf: unreadable'] : [], ...states.shift() } }),
    });
    const lines: string[] = [];
    // Act
    const jobs = await syncAll(client, [target], (line) => lines.push(line), 1);
    // Assess
    expect(jobs.map((job) => job.status)).toEqual(['COMPLETE']);
    expect(inputs[0]).toMatchObject({ knowledgeBaseId: 'KB00000001', dataSourceId: 'DS00000001' });
    expect(lines).toEqual([
      'docs/uploads: ingestion job JOB0000001 STARTING',
      'docs/uploads: IN_PROGRESS scanned 4, new 0, modified 0, deleted 0, failed 0',
      'docs/uploads: COMPLETE    scanned 10, new 9, modified 0, deleted 0, failed 1',
      'docs/uploads:   bad.pdf: unreadable',
    ]);
  });

  it('status lists the latest jobs, newest first', async () => {
    const { client, inputs } = agentAnswering({ ListIngestionJobsCommand: () => ({ ingestionJobSummaries: [{ ingestionJobId: 'JOB0000002', status: 'COMPLETE' }] }) });
    const latest = await latestJobs(client, [target], 5);
    expect(latest[0].jobs.map((job) => job.ingestionJobId)).toEqual(['JOB0000002']);
    expect(inputs[0]).toMatchObject({ sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' }, maxResults: 5 });
  });

  it('search retrieves from each knowledge base and keeps the best results', async () => {
    const runtime = new BedrockAgentRuntimeClient(config);
    const inputs = answerWithoutNetwork(runtime, (input) => ({
      retrievalResults: [
        { score: input.knowledgeBaseId === 'KB00000001' ? 0.9 : 0.5, content: { text: `from ${String(input.knowledgeBaseId)}` }, location: { type: 'S3', s3Location: { uri: 's3://docs/knowledge/a.md' } } },
      ],
    }));
    const hits = await searchAll(runtime, ['KB00000002', 'KB00000001'], 'queues', 1);
    expect(hits.map((hit) => [hit.knowledgeBaseId, hit.score])).toEqual([['KB00000001', 0.9]]);
    expect(inputs[0]).toEqual({ knowledgeBaseId: 'KB00000002', retrievalQuery: { text: 'queues' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 1 } } });
    expect(sourceOf(hits[0])).toBe('s3://docs/knowledge/a.md');
  });

  it('formats jobs and snippets on one line', () => {
    expect(describeJob({ status: 'STARTING' })).toBe('STARTING');
    expect(snippet('a\n\n  b', 10)).toBe('a b');
    expect(snippet('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(sourceOf({ content: { text: '' }, metadata: { 'x-amz-bedrock-kb-source-uri': 's3://b/k' } })).toBe('s3://b/k');
  });
});

describe('genai-kit kb definitions', () => {
  it('writes the template\'s knowledge bases as the JSON list BEDROCK_KNOWLEDGE_BASES reads, parameter overrides applied', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(tmpdir(), 'kb-definitions-'));
    const out = path.join(dir, 'knowledge-bases.json');
    try {
      // Act
      await writeDefinitions('template.yaml', { DocumentsBucketPrefix: 'team-docs' }, out);
      // Assess
      const written = JSON.parse(await readFile(out, 'utf8')) as { knowledgeBaseId: string; dataSources: { bucketName: string }[] }[];
      const model = await loadTemplate('template.yaml', { parameterOverrides: { DocumentsBucketPrefix: 'team-docs' }, localDefaults: { AuthJwtSecret: 'x' } });
      expect(written).toEqual(JSON.parse(JSON.stringify(model.knowledgeBases)));
      expect(written[0].dataSources[0].bucketName).toBe('team-docs-000000000000-us-east-1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
