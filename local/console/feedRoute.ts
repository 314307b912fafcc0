/**
 * `GET /api/feed`: the feed as Server-Sent Events. A new page gets the bounded history first, a
 * reconnecting one (`Last-Event-ID`) only what it missed, then every event live.
 * `?types=invocation,modelCall` narrows it (`genai-kit tail`). Invocations come as summaries; with
 * `?form=full` with their event, result and log lines (`genai-kit tail --logs`; the page fetches one
 * when it is opened). After the history comes a `ready` event, so a client knows what is past and
 * what is live.
 *
 * `@fastify/sse` negotiates the route, sends the headers and heartbeats, reads `Last-Event-ID` and
 * reports the close. Events are written in batches, at most one write per {@link FLUSH_MS}, straight
 * to the socket: under load one write carries many events, instead of a write (and a wake-up of the
 * reader) per event. A page redraws at most once a frame anyway. An event waiting for the write is
 * held by reference (the feed's history holds it anyway) and serialised with its batch: one tight
 * loop per batch costs a fraction of a serialisation squeezed between every two requests.
 * A page that stops reading is cut off past {@link MAX_BUFFERED_BYTES}; it reconnects and resumes
 * from the history.
 */
import type {} from '@fastify/sse';
import type { FastifyInstance } from 'fastify';
import type { ConsoleFeed, FeedEntry, FeedEventType, FeedForm } from './ConsoleFeed.js';

export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Longest an event waits for the next write to its readers. */
export const FLUSH_MS = 50;

/** One SSE message; the data is single-line JSON. */
function sseMessage(event: string, data: string, id?: number): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${data}\n\n`;
}

export function registerFeedRoute(app: FastifyInstance, feed: ConsoleFeed): void {
  app.get<{ Querystring: { types?: string; form?: string } }>('/api/feed', { sse: 'only' }, async (request, reply) => {
    const types = request.query.types ? new Set(request.query.types.split(',') as FeedEventType[]) : undefined;
    const form: FeedForm = request.query.form === 'full' ? 'full' : 'summary';
    reply.sse.keepAlive();
    reply.sse.sendHeaders();
    // Events (or messages already made) waiting for the next write, in order.
    const waiting: (FeedEntry | string)[] = [];
    const flush = () => {
      if (reply.sse.isConnected) {
        const messages = waiting.map((item) => (typeof item === 'string' ? item : sseMessage(item.type, feed.json(item, form), item.seq)));
        reply.raw.write(messages.join(''));
        if (reply.raw.writableLength > MAX_BUFFERED_BYTES) reply.raw.destroy();
      }
      waiting.length = 0;
    };
    const enqueue = (item: FeedEntry | string) => {
      if (waiting.push(item) === 1) setTimeout(flush, FLUSH_MS);
    };
    const sendEntry = (entry: FeedEntry) => {
      if (!types || types.has(entry.type)) enqueue(entry);
    };
    // History and subscription in one synchronous step: no event is missed or sent twice.
    const lastEventId = Number(reply.sse.lastEventId ?? 0);
    for (const entry of feed.since(Number.isInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0)) sendEntry(entry);
    enqueue(sseMessage('ready', JSON.stringify({ nextSeq: feed.nextSequence })));
    reply.sse.onClose(feed.subscribe(sendEntry));
  });
}
