/**
 * `GET /api/overview`: the template's resources with the local endpoint that serves each, and
 * whether each local service answers now.
 */
import type { FastifyInstance } from 'fastify';
import type { Endpoints } from '../stack/endpointsFile.js';
import type { ConsoleContext } from './consoleContext.js';
import { knowledgeBaseRows } from './knowledgeBaseRows.js';

export interface ServiceHealth {
  name: string;
  url: string;
  up: boolean;
}

export function registerOverviewRoutes(app: FastifyInstance, { model, endpoints }: ConsoleContext): void {
  app.get('/api/overview', async () => ({
    template: model.templatePath,
    services: await serviceHealth(endpoints),
    routes: model.routes.map((route) => ({ method: route.method, path: route.path, function: route.functionLogicalId, url: endpoints.api && `${endpoints.api}${route.path}`, apiKeyRequired: route.apiKeyRequired, authorizer: route.authorizer })),
    functionUrls: model.functionUrls.map((url) => ({ function: url.functionLogicalId, invokeMode: url.invokeMode, url: endpoints.functionUrls?.[url.functionLogicalId] })),
    functions: model.functions.map((fn) => ({ logicalId: fn.logicalId, runtime: fn.runtime, handler: fn.handler, memorySize: fn.memorySize, timeout: fn.timeout })),
    tables: model.tables.map((table) => ({ logicalId: table.logicalId, name: table.tableName, keys: table.keySchema.map((key) => key.AttributeName) })),
    queues: model.queues.map((queue) => ({ logicalId: queue.logicalId, name: queue.queueName, fifo: queue.fifo })),
    stateMachines: model.stateMachines.map((machine) => ({ logicalId: machine.logicalId, name: machine.name, type: machine.type })),
    buckets: (model.buckets ?? []).map((bucket) => ({ logicalId: bucket.logicalId, name: bucket.bucketName })),
    knowledgeBases: await knowledgeBaseRows(model.knowledgeBases ?? [], endpoints.bedrock),
  }));
}

/** Each service the endpoints file names, and whether a request to it gets any HTTP answer within a second. */
async function serviceHealth(endpoints: Endpoints): Promise<ServiceHealth[]> {
  const services: [string, string | undefined][] = [
    ['API', endpoints.api],
    ['Bedrock', endpoints.bedrock && `${endpoints.bedrock}/_fake/health`],
    ['DynamoDB', endpoints.dynamodb],
    ['SQS', endpoints.sqs],
    ['Step Functions', endpoints.stepfunctions],
    ['S3', endpoints.s3],
  ];
  return Promise.all(
    services
      .filter((service): service is [string, string] => Boolean(service[1]))
      .map(async ([name, url]) => ({ name, url, up: await answers(url) })),
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
