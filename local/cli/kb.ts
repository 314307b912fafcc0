/**
 * `genai-kit kb sync|status|search`: the knowledge bases of a running stack's fake Bedrock (found in
 * `.local/endpoints.json`), through the AWS SDK as an application would call them:
 * - `sync [kb]`: StartIngestionJob on every data source (of every knowledge base, or the one named),
 *   printing each job's progress until it ends; exit 1 if one failed.
 * - `status [kb]`: the latest ingestion jobs of each data source, with their statistics.
 * - `search "<query>" [--kb <kb>] [--top N]`: Retrieve, printing score, source and a snippet.
 * - `definitions [--out <file>]`: the template's knowledge bases as the fake Bedrock's container reads
 *   them (`BEDROCK_KNOWLEDGE_BASES`); needs no running stack (docker-compose.yml runs it first).
 * A knowledge base is named by its id or its name.
 */
import { parseArgs } from 'node:util';
import {
  BedrockAgentClient,
  GetIngestionJobCommand,
  ListDataSourcesCommand,
  ListIngestionJobsCommand,
  ListKnowledgeBasesCommand,
  StartIngestionJobCommand,
  type IngestionJob,
  type IngestionJobStatistics,
  type IngestionJobSummary,
} from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient, RetrieveCommand, type KnowledgeBaseRetrievalResult } from '@aws-sdk/client-bedrock-agent-runtime';
import { writeFile } from 'node:fs/promises';
import { readEndpointsFile } from '../stack/endpointsFile.js';
import { loadTemplate } from '../template/index.js';
import { joinOverridePairs, parseOverrides } from './parameterOverrides.js';
import { localClientConfig } from '../stack/localClientConfig.js';

const HELP = `Usage:
  genai-kit kb sync [<kb>]                 ingest every data source (of one knowledge base), printing progress
  genai-kit kb status [<kb>]               the latest ingestion jobs of each data source, with statistics
  genai-kit kb search "<query>" [--kb <kb>] [--top N]
                                           Retrieve: score, source and a snippet of each result
  genai-kit kb definitions [--out <file>]  the template's knowledge bases as JSON, for the fake Bedrock's
                                           container (BEDROCK_KNOWLEDGE_BASES); no stack needed
<kb> is a knowledge base's id or name. Options: --endpoints <file> (default .local/endpoints.json),
--json, --interval <ms> (sync: how often progress is read, default 500), --template <file>
(default template.yaml) and --parameter-overrides K=V … (env GENAI_KIT_PARAMETER_OVERRIDES) for definitions
`;

/** The template's knowledge-base definitions, as `BEDROCK_KNOWLEDGE_BASES` names them: a JSON list. */
export async function writeDefinitions(templatePath: string, overrides: Record<string, string>, out: string | undefined): Promise<number> {
  // AuthJwtSecret has no default; its value does not reach the knowledge bases.
  const model = await loadTemplate(templatePath, { parameterOverrides: overrides, localDefaults: { AuthJwtSecret: 'unused-by-knowledge-base-definitions' } });
  const json = `${JSON.stringify(model.knowledgeBases ?? [], null, 2)}\n`;
  if (out) await writeFile(out, json);
  else process.stdout.write(json);
  return 0;
}

/** A data source of a knowledge base, as the commands address them. */
export interface SyncTarget {
  knowledgeBaseId: string;
  knowledgeBaseName: string;
  dataSourceId: string;
  dataSourceName: string;
}

type Print = (line: string) => void;

const TERMINAL = new Set(['COMPLETE', 'FAILED', 'STOPPED']);

/** Every data source of every knowledge base (or of the one named by id or name). */
export async function syncTargets(agent: BedrockAgentClient, knowledgeBase?: string): Promise<SyncTarget[]> {
  const targets: SyncTarget[] = [];
  let kbToken: string | undefined;
  do {
    const page = await agent.send(new ListKnowledgeBasesCommand({ nextToken: kbToken }));
    for (const kb of page.knowledgeBaseSummaries ?? []) {
      if (knowledgeBase && kb.knowledgeBaseId !== knowledgeBase && kb.name !== knowledgeBase) continue;
      let dsToken: string | undefined;
      do {
        const sources = await agent.send(new ListDataSourcesCommand({ knowledgeBaseId: kb.knowledgeBaseId, nextToken: dsToken }));
        for (const ds of sources.dataSourceSummaries ?? []) {
          targets.push({ knowledgeBaseId: kb.knowledgeBaseId!, knowledgeBaseName: kb.name ?? '', dataSourceId: ds.dataSourceId!, dataSourceName: ds.name ?? '' });
        }
        dsToken = sources.nextToken;
      } while (dsToken);
    }
    kbToken = page.nextToken;
  } while (kbToken);
  if (knowledgeBase && !targets.length) throw new Error(`no knowledge base with a data source is named or has the id '${knowledgeBase}'`);
  return targets;
}

/** `COMPLETE  scanned 10, new 8, modified 1, deleted 0, failed 1`. */
export function describeJob(job: { status?: string; statistics?: IngestionJobStatistics }): string {
  const s = job.statistics;
  const counts = s
    ? `scanned ${s.numberOfDocumentsScanned ?? 0}, new ${s.numberOfNewDocumentsIndexed ?? 0}, modified ${s.numberOfModifiedDocumentsIndexed ?? 0}, deleted ${s.numberOfDocumentsDeleted ?? 0}, failed ${s.numberOfDocumentsFailed ?? 0}`
    : '';
  return `${(job.status ?? '').padEnd(11)} ${counts}`.trimEnd();
}

const label = (target: SyncTarget) => `${target.knowledgeBaseName || target.knowledgeBaseId}/${target.dataSourceName || target.dataSourceId}`;

/** Starts a job on each target and prints its progress (each change of status or counts) until it ends; the jobs. */
export async function syncAll(agent: BedrockAgentClient, targets: SyncTarget[], print: Print, intervalMs = 500): Promise<IngestionJob[]> {
  const jobs: IngestionJob[] = [];
  for (const target of targets) {
    const started = await agent.send(new StartIngestionJobCommand({ knowledgeBaseId: target.knowledgeBaseId, dataSourceId: target.dataSourceId, description: 'genai-kit kb sync' }));
    if (!started.ingestionJob) throw new Error(`${label(target)}: StartIngestionJob answered no job`);
    let job: IngestionJob = started.ingestionJob;
    const jobId = job.ingestionJobId;
    print(`${label(target)}: ingestion job ${jobId} ${describeJob(job)}`);
    let last = describeJob(job);
    while (!TERMINAL.has(job.status ?? '')) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      job = (await agent.send(new GetIngestionJobCommand({ knowledgeBaseId: target.knowledgeBaseId, dataSourceId: target.dataSourceId, ingestionJobId: jobId }))).ingestionJob ?? job;
      const now = describeJob(job);
      if (now !== last) print(`${label(target)}: ${now}`);
      last = now;
    }
    for (const reason of job.failureReasons ?? []) print(`${label(target)}:   ${reason}`);
    jobs.push(job);
  }
  return jobs;
}

/** The latest jobs of each target, newest first. */
export async function latestJobs(agent: BedrockAgentClient, targets: SyncTarget[], limit: number): Promise<{ target: SyncTarget; jobs: IngestionJobSummary[] }[]> {
  const result = [];
  for (const target of targets) {
    const page = await agent.send(
      new ListIngestionJobsCommand({ knowledgeBaseId: target.knowledgeBaseId, dataSourceId: target.dataSourceId, sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' }, maxResults: limit }),
    );
    result.push({ target, jobs: page.ingestionJobSummaries ?? [] });
  }
  return result;
}

/** Where a retrieved passage comes from: its S3 URI (or other location), else its source-uri metadata. */
export function sourceOf(result: KnowledgeBaseRetrievalResult): string {
  const location = result.location;
  return location?.s3Location?.uri ?? location?.webLocation?.url ?? String(result.metadata?.['x-amz-bedrock-kb-source-uri'] ?? location?.type ?? '?');
}

/** The passage on one line, cut to `width` characters. */
export function snippet(text: string, width = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

export async function searchAll(runtime: BedrockAgentRuntimeClient, knowledgeBaseIds: string[], query: string, top: number): Promise<(KnowledgeBaseRetrievalResult & { knowledgeBaseId: string })[]> {
  const hits = [];
  for (const knowledgeBaseId of knowledgeBaseIds) {
    const output = await runtime.send(new RetrieveCommand({ knowledgeBaseId, retrievalQuery: { text: query }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: top } } }));
    hits.push(...(output.retrievalResults ?? []).map((result) => ({ ...result, knowledgeBaseId })));
  }
  return hits.sort((a, b) => (b.score ?? 0) - (a.score ?? 0)).slice(0, top);
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinOverridePairs(args),
    allowPositionals: true,
    options: {
      endpoints: { type: 'string', default: '.local/endpoints.json' },
      kb: { type: 'string' },
      top: { type: 'string', default: '5' },
      interval: { type: 'string', default: '500' },
      template: { type: 'string', default: 'template.yaml' },
      out: { type: 'string' },
      'parameter-overrides': { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [subcommand, argument] = positionals;
  if (values.help || !['sync', 'status', 'search', 'definitions'].includes(subcommand ?? '') || (subcommand === 'search' && !argument)) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (subcommand === 'definitions') {
    return writeDefinitions(values.template, parseOverrides(values['parameter-overrides'] ?? [process.env.GENAI_KIT_PARAMETER_OVERRIDES ?? '']), values.out);
  }
  const endpoints = await readEndpointsFile(values.endpoints);
  if (!endpoints.bedrock) throw new Error(`${values.endpoints} names no Bedrock endpoint`);
  const agent = new BedrockAgentClient(localClientConfig(endpoints.bedrock));
  const runtime = new BedrockAgentRuntimeClient(localClientConfig(endpoints.bedrock));
  const print: Print = (line) => process.stdout.write(`${line}\n`);
  const json = (value: unknown) => print(JSON.stringify(value, null, 2));
  try {
    const targets = await syncTargets(agent, subcommand === 'search' ? values.kb : (argument ?? values.kb));
    if (!targets.length) {
      print('No knowledge base with a data source: define AWS::Bedrock::KnowledgeBase and AWS::Bedrock::DataSource in the template.');
      return 1;
    }
    if (subcommand === 'sync') {
      const jobs = await syncAll(agent, targets, values.json ? () => undefined : print, Number(values.interval));
      if (values.json) json(jobs);
      return jobs.every((job) => job.status === 'COMPLETE') ? 0 : 1;
    }
    if (subcommand === 'status') {
      const latest = await latestJobs(agent, targets, 5);
      if (values.json) return (json(latest), 0);
      for (const { target, jobs } of latest) {
        print(`${label(target)} (${target.knowledgeBaseId}/${target.dataSourceId})`);
        if (!jobs.length) print('  no ingestion job yet: genai-kit kb sync');
        for (const job of jobs) print(`  ${job.ingestionJobId}  ${job.startedAt?.toISOString().slice(0, 19).replace('T', ' ') ?? ''}  ${describeJob(job)}`);
      }
      return 0;
    }
    const knowledgeBaseIds = [...new Set(targets.map((target) => target.knowledgeBaseId))];
    const hits = await searchAll(runtime, knowledgeBaseIds, argument, Number(values.top));
    if (values.json) return (json(hits), 0);
    if (!hits.length) print('No results (has the knowledge base been synced? genai-kit kb sync)');
    for (const hit of hits) print(`${(hit.score ?? 0).toFixed(3)}  ${sourceOf(hit)}\n       ${snippet(hit.content?.text ?? '')}`);
    return 0;
  } finally {
    agent.destroy();
    runtime.destroy();
  }
}
