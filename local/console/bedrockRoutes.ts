/**
 * The fake Bedrock's switches, from the page: `GET|POST|DELETE /api/bedrock/fixtures|faults` and
 * `GET /api/bedrock/prices`, forwarded to its inspection API (embedded or in its own container alike).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConsoleContext } from './consoleContext.js';

const SWITCHES = ['fixtures', 'faults'] as const;

export function registerBedrockRoutes(app: FastifyInstance, { endpoints }: ConsoleContext): void {
  const forward = async (reply: FastifyReply, path: string, init: RequestInit = {}) => {
    if (!endpoints.bedrock) return reply.code(404).send({ message: 'This stack runs no Bedrock' });
    const answer = await fetch(`${endpoints.bedrock}/_fake/${path}`, { ...init, headers: { 'content-type': 'application/json' } });
    return reply.code(answer.status).type('application/json').send(await answer.text());
  };
  for (const name of SWITCHES) {
    app.get(`/api/bedrock/${name}`, async (_request, reply) => forward(reply, name));
    app.post(`/api/bedrock/${name}`, async (request, reply) => forward(reply, name, { method: 'POST', body: JSON.stringify(request.body ?? {}) }));
    app.delete(`/api/bedrock/${name}`, async (_request, reply) => forward(reply, name, { method: 'DELETE' }));
  }
  app.get('/api/bedrock/models', async (_request, reply) => forward(reply, 'models'));
}
