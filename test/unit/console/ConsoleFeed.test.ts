import { describe, expect, it, vi } from 'vitest';
import { ConsoleFeed, type FeedEntry } from '../../../local/console/ConsoleFeed.js';
import { FEED_SHAPES, NO_LONGER_KEPT, recordInvocation } from '../../../local/console/feedViews.js';
import { TextRing } from '../../../local/console/TextRing.js';
import type { InvocationReport } from '../../../local/runtime/types.js';

describe('ConsoleFeed', () => {
  it('keeps a bounded history in order and resumes after a given event id', () => {
    const feed = new ConsoleFeed(3);
    for (let i = 1; i <= 5; i++) feed.publish('invocation', { i });
    expect(feed.since().map((entry) => entry.seq)).toEqual([3, 4, 5]);
    expect(feed.since(3).map((entry) => entry.seq)).toEqual([4, 5]);
    expect(feed.since(5)).toEqual([]);
    // An id older than the history: everything still kept.
    expect(feed.since(1).map((entry) => entry.seq)).toEqual([3, 4, 5]);
    expect(feed.get(2)).toBeUndefined();
    expect(feed.get(4)?.data).toEqual({ i: 4 });
  });

  it('shapes and serialises an event only when it is read', () => {
    const shape = vi.fn((entry: { data: unknown }) => entry.data);
    const feed = new ConsoleFeed(10, { summary: shape, full: (entry) => ({ full: entry.data }) });
    const entry = feed.publish('invocation', { note: 'hello' });
    expect(shape).not.toHaveBeenCalled();
    const text = feed.json(entry);
    expect(shape).toHaveBeenCalledTimes(1);
    expect(JSON.parse(text)).toMatchObject({ seq: 1, type: 'invocation', data: { note: 'hello' } });
    expect(JSON.parse(feed.json(entry, 'full'))).toMatchObject({ data: { full: { note: 'hello' } } });
  });

  it('masks secrets in events as recorded, in both forms', () => {
    const feed = new ConsoleFeed(10);
    const entry = feed.publish('invocation', { headers: { authorization: 'Bearer secret' } });
    expect(JSON.parse(feed.json(entry))).toMatchObject({ data: { headers: { authorization: '••••••' } } });
    expect(JSON.parse(feed.json(entry, 'full'))).toMatchObject({ data: { headers: { authorization: '••••••' } } });
  });

  it("masks an invocation's secrets: its summary's error text, and its event in full", () => {
    const feed = new ConsoleFeed(10, FEED_SHAPES);
    const report: InvocationReport = {
      functionId: 'Chat',
      requestId: 'r-1',
      startedAt: 0,
      event: JSON.stringify({ httpMethod: 'POST', resource: '/chat', headers: { Authorization: 'Bearer abc.def' }, body: '{"api_key":"k-123"}' }),
      result: { status: 'error', durationMs: 1, error: { errorType: 'Error', errorMessage: 'upstream refused Bearer abcdef', trace: [] } },
      memorySizeMb: 128,
      maxMemoryUsedMb: 20,
      logLines: [],
    };
    const entry = feed.publish('invocation', recordInvocation(report, new TextRing(1024)));
    const summary = JSON.parse(feed.json(entry)) as { data: { errorMessage: string; trigger: unknown } };
    expect(summary.data.errorMessage).toBe('upstream refused Bearer ••••••');
    expect(summary.data.trigger).toEqual({ kind: 'route', name: 'POST /chat' });
    const full = JSON.parse(feed.json(entry, 'full')) as { data: { event: { headers: Record<string, string>; body: string } } };
    expect(full.data.event.headers.Authorization).toBe('••••••');
    expect(JSON.parse(full.data.event.body)).toEqual({ api_key: '••••••' });
  });

  it("shows an invocation's event and payload in full while the ring keeps them, and says when it no longer does", () => {
    const feed = new ConsoleFeed(10, FEED_SHAPES);
    const texts = new TextRing(1024);
    const report = (i: number): InvocationReport => ({
      functionId: 'Hello',
      requestId: `r-${i}`,
      startedAt: 0,
      event: JSON.stringify({ i, pad: 'x'.repeat(20) }),
      result: { status: 'ok', payload: { n: i }, durationMs: 1 },
      payloadText: JSON.stringify({ n: i }),
      memorySizeMb: 128,
      maxMemoryUsedMb: 20,
      logLines: [],
    });
    const first = feed.publish('invocation', recordInvocation(report(0), texts));
    const full = (entry: FeedEntry) => (JSON.parse(feed.json(entry, 'full')) as { data: { event: unknown; result: unknown } }).data;
    expect(full(first)).toMatchObject({ event: { i: 0 }, result: { n: 0 } });
    let last = first;
    for (let i = 1; i <= 30; i++) last = feed.publish('invocation', recordInvocation(report(i), texts));
    expect(full(first)).toMatchObject({ event: NO_LONGER_KEPT, result: NO_LONGER_KEPT });
    expect(full(last)).toMatchObject({ event: { i: 30 }, result: { n: 30 } });
  });

  it('tells subscribers of new events until they unsubscribe', () => {
    const feed = new ConsoleFeed(10);
    const seen: number[] = [];
    const unsubscribe = feed.subscribe((entry) => seen.push(entry.seq));
    feed.publish('modelCall', {});
    expect(feed.subscriberCount).toBe(1);
    unsubscribe();
    feed.publish('modelCall', {});
    expect(seen).toEqual([1]);
    expect(feed.subscriberCount).toBe(0);
  });
});
