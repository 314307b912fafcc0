/**
 * `GET /api/invocations/:seq`: one invocation in full (event, result, log lines; secrets masked).
 *
 * `POST /api/invocations/:seq/invoke`: "invoke again". Runs the function of a recorded invocation
 * through the runtime with the same event (as recorded, unmasked) or the edited one the page sends
 * (`{"event": …}`). The new invocation reaches the feed like any other, marked as made from the console.
 */
import type { FastifyInstance } from 'fastify';
import type { ConsoleContext } from './consoleContext.js';
import type { RecordedInvocation } from './feedViews.js';

export function registerInvocationRoutes(app: FastifyInstance, { runtime, feed }: ConsoleContext): void {
  app.get<{ Params: { seq: string } }>('/api/invocations/:seq', async (request, reply) => {
    const entry = feed.get(Number(request.params.seq));
    if (entry?.type !== 'invocation') return reply.code(404).send({ message: `Invocation ${request.params.seq} is no longer in the console's history` });
    return reply.type('application/json').send(feed.json(entry, 'full'));
  });

  app.post<{ Params: { seq: string }; Body: { event?: unknown } | undefined }>('/api/invocations/:seq/invoke', async (request, reply) => {
    const entry = feed.get(Number(request.params.seq));
    if (entry?.type !== 'invocation') return reply.code(404).send({ message: `Invocation ${request.params.seq} is no longer in the console's history` });
    const report = entry.data as RecordedInvocation;
    const body = request.body;
    const recorded = report.event.read();
    if (!(body && 'event' in body) && recorded === undefined) return reply.code(410).send({ message: `The event of invocation ${request.params.seq} is no longer kept: edit one to invoke again` });
    const event = body && 'event' in body ? body.event : recorded ? (JSON.parse(recorded) as unknown) : {};
    const result = await runtime.invoke(report.functionId, event, { trigger: { kind: 'console', name: `again #${entry.seq}` } });
    return { functionId: report.functionId, status: result.status, durationMs: result.durationMs };
  });
}
