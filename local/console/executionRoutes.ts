/**
 * The Executions page's data, over the Step Functions API: `GET /api/state-machines` (the template's
 * definitions, for the graph), `GET /api/executions` (recent executions of every state machine) and
 * `GET /api/execution?arn=` (one execution with its full event history).
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import type { FastifyInstance } from 'fastify';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { ConsoleContext } from './consoleContext.js';

const LISTED_PER_MACHINE = 50;

export function registerExecutionRoutes(app: FastifyInstance, { model, endpoints }: ConsoleContext): () => void {
  app.get('/api/state-machines', async () => ({
    stateMachines: model.stateMachines.map((machine) => ({ name: machine.name, logicalId: machine.logicalId, arn: machine.arn, type: machine.type, definition: machine.definition })),
  }));
  if (!endpoints.stepfunctions) return () => undefined;
  const sfn = new SFNClient(localClientConfig(endpoints.stepfunctions));

  app.get('/api/executions', async () => {
    const lists = await Promise.all(
      model.stateMachines
        .filter((machine) => machine.type === 'STANDARD')
        .map(async (machine) => (await sfn.send(new ListExecutionsCommand({ stateMachineArn: machine.arn, maxResults: LISTED_PER_MACHINE }))).executions ?? []),
    );
    const executions = lists.flat().sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
    return { executions };
  });

  app.get<{ Querystring: { arn?: string } }>('/api/execution', async (request, reply) => {
    const executionArn = request.query.arn;
    if (!executionArn) return reply.code(400).send({ message: 'arn is required' });
    const [execution, events] = await Promise.all([sfn.send(new DescribeExecutionCommand({ executionArn })), fullHistory(sfn, executionArn)]);
    const { $metadata: _metadata, ...described } = execution;
    return { execution: described, events };
  });
  return () => sfn.destroy();
}

async function fullHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
