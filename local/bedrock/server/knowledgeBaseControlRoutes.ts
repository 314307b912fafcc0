import type {
  GetDataSourceCommandOutput,
  GetIngestionJobCommandOutput,
  GetKnowledgeBaseCommandOutput,
  ListDataSourcesCommandOutput,
  ListIngestionJobsCommandInput,
  ListIngestionJobsCommandOutput,
  ListKnowledgeBasesCommandOutput,
  StartIngestionJobCommandInput,
  StartIngestionJobCommandOutput,
} from '@aws-sdk/client-bedrock-agent';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ControlPlaneViews } from '../knowledgebase/controlPlaneViews.js';
import { listIngestionJobs } from '../knowledgebase/ingestionJobListing.js';
import type { KnowledgeBaseEngine } from '../knowledgebase/KnowledgeBaseEngine.js';
import { page } from '../knowledgebase/pagination.js';
import { assertModelInput, bodyMembers } from '../operations/modelInput.js';
import { parseJsonBody } from './parseBody.js';

type Output<T> = Omit<T, '$metadata'>;
type Params = { knowledgeBaseId?: string; dataSourceId?: string; ingestionJobId?: string };

/** The operation's input as the SDK sends it (URI labels plus JSON body), checked against the bedrock-agent model. */
function input(operation: string, request: FastifyRequest): Record<string, unknown> {
  const members = { ...bodyMembers(parseJsonBody(request.body)), ...(request.params as Params) };
  assertModelInput('bedrock-agent', operation, members);
  return members;
}

function send(reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return reply.status(status).header('content-type', 'application/json').send(JSON.stringify(value));
}

/**
 * The `bedrock-agent` control plane subset for knowledge bases (REST-JSON, on the fake's port;
 * `AWS_ENDPOINT_URL_BEDROCK_AGENT`): GetKnowledgeBase, ListKnowledgeBases, GetDataSource,
 * ListDataSources, StartIngestionJob, GetIngestionJob, ListIngestionJobs. The knowledge bases are
 * the template's (read-only); creating, updating and deleting them, agents, flows and prompts
 * answer as unknown operations.
 */
export function registerKnowledgeBaseControlRoutes(app: FastifyInstance, engine: KnowledgeBaseEngine): void {
  const views = new ControlPlaneViews();

  app.post('/knowledgebases/', async (request, reply) => {
    const { maxResults, nextToken } = input('ListKnowledgeBases', request) as { maxResults?: number; nextToken?: string };
    const listed = page(engine.definitions, maxResults, nextToken);
    const output: Output<ListKnowledgeBasesCommandOutput> = { knowledgeBaseSummaries: listed.items.map((definition) => views.knowledgeBaseSummary(definition)), nextToken: listed.nextToken };
    return send(reply, output);
  });

  app.get('/knowledgebases/:knowledgeBaseId', async (request, reply) => {
    const { knowledgeBaseId } = input('GetKnowledgeBase', request) as Params;
    const output: Output<GetKnowledgeBaseCommandOutput> = { knowledgeBase: views.knowledgeBase(engine.knowledgeBase(knowledgeBaseId!).definition) };
    return send(reply, output);
  });

  app.post('/knowledgebases/:knowledgeBaseId/datasources/', async (request, reply) => {
    const { knowledgeBaseId, maxResults, nextToken } = input('ListDataSources', request) as Params & { maxResults?: number; nextToken?: string };
    const listed = page(engine.knowledgeBase(knowledgeBaseId!).definition.dataSources, maxResults, nextToken);
    const output: Output<ListDataSourcesCommandOutput> = { dataSourceSummaries: listed.items.map((dataSource) => views.dataSourceSummary(knowledgeBaseId!, dataSource)), nextToken: listed.nextToken };
    return send(reply, output);
  });

  app.get('/knowledgebases/:knowledgeBaseId/datasources/:dataSourceId', async (request, reply) => {
    const { knowledgeBaseId, dataSourceId } = input('GetDataSource', request) as Params;
    const output: Output<GetDataSourceCommandOutput> = { dataSource: views.dataSource(knowledgeBaseId!, engine.dataSource(knowledgeBaseId!, dataSourceId!).dataSource) };
    return send(reply, output);
  });

  app.put('/knowledgebases/:knowledgeBaseId/datasources/:dataSourceId/ingestionjobs/', async (request, reply) => {
    const members = input('StartIngestionJob', request) as unknown as StartIngestionJobCommandInput;
    const output: Output<StartIngestionJobCommandOutput> = { ingestionJob: engine.startIngestionJob(members) };
    return send(reply, output, 202);
  });

  app.get('/knowledgebases/:knowledgeBaseId/datasources/:dataSourceId/ingestionjobs/:ingestionJobId', async (request, reply) => {
    const { knowledgeBaseId, dataSourceId, ingestionJobId } = input('GetIngestionJob', request) as Params;
    const output: Output<GetIngestionJobCommandOutput> = { ingestionJob: engine.ingestionJob(knowledgeBaseId!, dataSourceId!, ingestionJobId!) };
    return send(reply, output);
  });

  app.post('/knowledgebases/:knowledgeBaseId/datasources/:dataSourceId/ingestionjobs/', async (request, reply) => {
    const members = input('ListIngestionJobs', request) as unknown as ListIngestionJobsCommandInput;
    const output: Output<ListIngestionJobsCommandOutput> = listIngestionJobs(engine.ingestionJobs(members.knowledgeBaseId!, members.dataSourceId!), members);
    return send(reply, output);
  });
}
