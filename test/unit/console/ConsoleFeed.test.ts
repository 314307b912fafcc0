import { describe, expect, it, vi } from 'vitest';
import { ConsoleFeed } from '../../../local/console/ConsoleFeed.js';

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

  it('shapes and serialises an event only when it is read, once, with secrets masked', () => {
    const shape = vi.fn((entry: { data: unknown }) => entry.data);
    const feed = new ConsoleFeed(10, { summary: shape, full: (entry) => ({ full: entry.data }) });
    const entry = feed.publish('invocation', { headers: { authorization: 'Bearer secret' } });
    expect(shape).not.toHaveBeenCalled();
    const text = feed.json(entry);
    expect(feed.json(entry)).toBe(text);
    expect(shape).toHaveBeenCalledTimes(1);
    expect(JSON.parse(text)).toMatchObject({ seq: 1, type: 'invocation', data: { headers: { authorization: '••••••' } } });
    expect(JSON.parse(feed.json(entry, 'full'))).toMatchObject({ data: { full: { headers: { authorization: '••••••' } } } });
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
