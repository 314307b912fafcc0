/**
 * The page's copy of the feed: every invocation and model call the SSE stream delivered (the
 * server's history first, then live), and who to tell when one arrives. EventSource reconnects by
 * itself, sending `Last-Event-ID`, so a dropped connection resumes where it stopped.
 */
import type { InvocationSummary, ModelCallView } from '../feedViews.js';

export interface Invocation extends InvocationSummary {
  seq: number;
}
export interface ModelCall extends ModelCallView {
  seq: number;
}

export const store = { invocations: [] as Invocation[], modelCalls: [] as ModelCall[], live: false };

const MAX_KEPT = 2000;
const listeners = new Set<() => void>();

/** Calls `listener` after every change; returns the unsubscribe function. */
export function onFeedChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let scheduled = false;
function changed(): void {
  // Many events in one burst (the history) re-render once.
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    for (const listener of listeners) listener();
  });
}

function keep<T extends { seq: number }>(list: T[], item: T): void {
  if (list.some((existing) => existing.seq === item.seq)) return;
  list.push(item);
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
}

/** Told of queue and execution events: the pages that show them read the services again. */
const serviceListeners = new Set<(type: 'queue' | 'execution', data: unknown) => void>();

export function onServiceEvent(listener: (type: 'queue' | 'execution', data: unknown) => void): () => void {
  serviceListeners.add(listener);
  return () => serviceListeners.delete(listener);
}

export function connectFeed(onLive: (live: boolean) => void): EventSource {
  const source = new EventSource('/api/feed');
  const parse = (event: MessageEvent<string>) => JSON.parse(event.data) as { seq: number; data: unknown };
  source.addEventListener('invocation', (event) => {
    const { seq, data } = parse(event as MessageEvent<string>);
    keep(store.invocations, { ...(data as InvocationSummary), seq });
    changed();
  });
  source.addEventListener('modelCall', (event) => {
    const { seq, data } = parse(event as MessageEvent<string>);
    keep(store.modelCalls, { ...(data as ModelCallView), seq });
    changed();
  });
  for (const type of ['queue', 'execution'] as const) {
    source.addEventListener(type, (event) => {
      const { data } = parse(event as MessageEvent<string>);
      for (const listener of serviceListeners) listener(type, data);
    });
  }
  source.addEventListener('ready', () => {
    store.live = true;
    onLive(true);
    changed();
  });
  source.addEventListener('error', () => onLive(false));
  return source;
}
