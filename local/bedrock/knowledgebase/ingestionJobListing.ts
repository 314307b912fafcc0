import type { IngestionJob, IngestionJobSummary, ListIngestionJobsCommandInput } from '@aws-sdk/client-bedrock-agent';
import { page } from './pagination.js';

/**
 * ListIngestionJobs over a data source's jobs: `filters` (attribute STATUS, operator EQ, any of
 * `values`), `sortBy` (STATUS or STARTED_AT, ASCENDING or DESCENDING; default newest first),
 * `maxResults` / `nextToken`.
 */
export function listIngestionJobs(jobs: IngestionJob[], input: ListIngestionJobsCommandInput): { ingestionJobSummaries: IngestionJobSummary[]; nextToken?: string } {
  let selected = jobs.filter((job) => (input.filters ?? []).every((filter) => filter.attribute !== 'STATUS' || (filter.values ?? []).includes(job.status ?? '')));
  const attribute = input.sortBy?.attribute ?? 'STARTED_AT';
  const direction = (input.sortBy?.order ?? (input.sortBy ? 'ASCENDING' : 'DESCENDING')) === 'ASCENDING' ? 1 : -1;
  selected = [...selected].sort((a, b) => {
    const order = attribute === 'STATUS' ? (a.status ?? '').localeCompare(b.status ?? '') : (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0);
    return direction * (order || (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0));
  });
  const { items, nextToken } = page(selected, input.maxResults, input.nextToken);
  return {
    ingestionJobSummaries: items.map(({ knowledgeBaseId, dataSourceId, ingestionJobId, description, status, startedAt, updatedAt, statistics }) => ({
      knowledgeBaseId,
      dataSourceId,
      ingestionJobId,
      ...(description ? { description } : {}),
      status,
      startedAt,
      updatedAt,
      statistics,
    })),
    ...(nextToken ? { nextToken } : {}),
  };
}
