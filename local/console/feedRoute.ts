/**
 * `GET /api/feed`: the feed as Server-Sent Events (`@fastify/sse`). A new page gets the bounded
 * history first, a reconnecting one (`Last-Event-ID`) only what it missed, then every event live.
 * `?types=invocation,modelCall` narrows it (`genai-kit tail`). After the history comes a `ready`
 * event, so a client knows what is past and what is live.
 */
import type {} from '@fastify/sse';
import type { FastifyInstance } from 'fastify';
import type { ConsoleFeed, FeedEntry, FeedEventType } from './ConsoleFeed.js';

export function registerFeedRoute(app: FastifyInstance, feed: ConsoleFeed): void {
  app.get<{ Querystring: { types?: string } }>(
    '/api/feed',
    // Each event's data is JSON text already (made once per event, however many read it).
    { sse: { kind: 'only', serializer: (data: unknown) => String(data) } },
    async (request, reply) => {
      const types = request.query.types ? new Set(request.query.types.split(',') as FeedEventType[]) : undefined;
      const wanted = (entry: FeedEntry) => !types || types.has(entry.type);
      reply.sse.keepAlive();
      // Sends in order, one at a time; a write after the client left is dropped.
      let sending = Promise.resolve();
      const send = (message: { id?: string; event: string; data: string }) => {
        sending = sending.then(() => (reply.sse.isConnected ? reply.sse.send(message) : undefined)).catch(() => undefined);
      };
      const sendEntry = (entry: FeedEntry) => {
        if (wanted(entry)) send({ id: String(entry.seq), event: entry.type, data: feed.json(entry) });
      };
      // History and subscription in one synchronous step: no event is missed or sent twice.
      const lastEventId = Number(reply.sse.lastEventId ?? 0);
      for (const entry of feed.since(Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0)) sendEntry(entry);
      send({ event: 'ready', data: JSON.stringify({ nextSeq: feed.nextSequence }) });
      reply.sse.onClose(feed.subscribe(sendEntry));
      await sending;
    },
  );
}
