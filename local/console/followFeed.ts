/**
 * Follows the console's feed from another process (`genai-kit tail`): reads `/api/feed` as
 * Server-Sent Events and reconnects after a drop with `Last-Event-ID`, so nothing published
 * meanwhile (and still in the history) is missed or shown twice.
 */
import { createParser } from 'eventsource-parser';

export interface FeedMessage {
  seq: number;
  type: string;
  time: number;
  data: unknown;
}

export interface FollowOptions {
  /** Event types to receive (default all). */
  types?: string[];
  /** `full`: invocations with their event, result and log lines (default: summaries). */
  form?: 'summary' | 'full';
  /** Only events after this one (default: the whole history first). */
  afterSeq?: number;
  signal?: AbortSignal;
  /** Wait before reconnecting (default 1 s). */
  retryMs?: number;
  onReady?: () => void;
  onDisconnect?: (error: unknown) => void;
}

/** Calls `onMessage` for each event until `signal` aborts. */
export async function followFeed(consoleUrl: string, onMessage: (message: FeedMessage) => void, options: FollowOptions = {}): Promise<void> {
  let lastSeq = options.afterSeq ?? 0;
  const url = new URL('api/feed', consoleUrl);
  if (options.types?.length) url.searchParams.set('types', options.types.join(','));
  if (options.form === 'full') url.searchParams.set('form', 'full');
  while (!options.signal?.aborted) {
    try {
      const answer = await fetch(url, { headers: { accept: 'text/event-stream', ...(lastSeq ? { 'last-event-id': String(lastSeq) } : {}) }, signal: options.signal });
      if (!answer.ok || !answer.body) throw new Error(`the console answered ${answer.status}`);
      const parser = createParser({
        onEvent: (event) => {
          if (event.event === 'ready') return options.onReady?.();
          const message = JSON.parse(event.data) as FeedMessage;
          if (message.seq <= lastSeq) return;
          lastSeq = message.seq;
          onMessage(message);
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of answer.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
      options.onDisconnect?.(new Error('the console closed the feed'));
    } catch (error) {
      if (options.signal?.aborted) return;
      options.onDisconnect?.(error);
    }
    await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 1000));
  }
}
