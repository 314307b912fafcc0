/**
 * The Tables page's data, over the DynamoDB API: `GET /api/tables` (the template's tables with their
 * item counts) and `GET /api/tables/:name/items?limit=&start=&pk=` (a page of items as plain JSON;
 * with `pk`, a Query on the partition key instead of a Scan; `start` is the previous page's
 * `LastEvaluatedKey`, as JSON).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { FastifyInstance } from 'fastify';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { ConsoleContext } from './consoleContext.js';

const DEFAULT_PAGE = 25;
const MAX_PAGE = 200;

export function registerTableRoutes(app: FastifyInstance, { model, endpoints }: ConsoleContext): () => void {
  if (!endpoints.dynamodb) return () => undefined;
  const client = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
  const documents = DynamoDBDocumentClient.from(client);

  app.get('/api/tables', async () => ({
    tables: model.tables.map((table) => ({ logicalId: table.logicalId, name: table.tableName, keys: table.keySchema.map((key) => ({ name: key.AttributeName, type: key.KeyType })) })),
  }));

  app.get<{ Params: { name: string }; Querystring: { limit?: string; start?: string; pk?: string } }>('/api/tables/:name/items', async (request, reply) => {
    const table = model.tables.find((candidate) => candidate.tableName === request.params.name);
    if (!table) return reply.code(404).send({ message: `Table ${request.params.name} is not in the template` });
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(request.query.limit ?? DEFAULT_PAGE) || DEFAULT_PAGE));
    const start = request.query.start ? (JSON.parse(request.query.start) as Record<string, unknown>) : undefined;
    const hashKey = table.keySchema.find((key) => key.KeyType === 'HASH')!.AttributeName;
    const hashType = table.attributeDefinitions.find((attribute) => attribute.AttributeName === hashKey)?.AttributeType;
    const page = request.query.pk
      ? await documents.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': hashKey },
            ExpressionAttributeValues: { ':pk': hashType === 'N' ? Number(request.query.pk) : request.query.pk },
            Limit: limit,
            ExclusiveStartKey: start,
          }),
        )
      : await documents.send(new ScanCommand({ TableName: table.tableName, Limit: limit, ExclusiveStartKey: start }));
    return { items: page.Items ?? [], next: page.LastEvaluatedKey ? JSON.stringify(page.LastEvaluatedKey) : undefined };
  });
  return () => client.destroy();
}
