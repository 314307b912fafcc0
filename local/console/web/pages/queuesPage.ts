/**
 * Queues: depth, in flight, delayed, the oldest message's age, a dead-letter queue's contents, and redrive.
 * Read again when the feed says a queue changed (the embedded SQS), and every few seconds (any SQS).
 */
import type { QueueView } from '../../queueRoutes.js';
import { getJson, h, json, postJson, table } from '../dom.js';
import { onServiceEvent } from '../feedStore.js';


const REFRESH_MS = 3000;

export function queuesPage(root: HTMLElement): () => void {
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const detail = h('div', { 'data-testid': 'queue-detail' });
  const note = h('p', { 'data-testid': 'queue-note', class: 'muted' });
  root.append(h('h2', {}, 'Queues'), list, note, detail);

  const peekAt = async (name: string) => {
    const { messages } = await getJson<{ messages: unknown[] }>(`/api/queues/${encodeURIComponent(name)}/messages`);
    detail.replaceChildren(h('h3', {}, `${name}: ${messages.length} message(s)`), json(messages));
  };
  const redrive = async (name: string) => {
    const moved = await postJson<{ moved: number; to: string[]; unplaced: number }>(`/api/queues/${encodeURIComponent(name)}/redrive`, {});
    note.textContent = `Moved ${moved.moved} message(s) from ${name}${moved.to.length ? ` to ${moved.to.join(', ')}` : ''}.${moved.unplaced ? ` ${moved.unplaced} left: no source queue known.` : ''}`;
    await refresh();
  };

  const refresh = async () => {
    const { queues } = await getJson<{ queues: QueueView[] }>('/api/queues');
    list.replaceChildren(
      table(
        ['queue', 'logical id', 'visible', 'in flight', 'delayed', 'oldest', 'dead-letter queue', ''],
        queues.map((q) =>
          h(
            'tr',
            { 'data-queue': q.name, 'data-testid': 'queue-row' },
            h('td', {}, q.name),
            h('td', {}, q.logicalId),
            h('td', { 'data-testid': 'visible' }, q.visible),
            h('td', {}, q.inFlight),
            h('td', {}, q.delayed),
            h('td', { 'data-testid': 'oldest' }, q.oldestAgeSeconds !== undefined ? `${q.oldestAgeSeconds} s` : ''),
            h('td', {}, q.deadLetterQueue ?? ''),
            h('td', {}, ...(q.isDeadLetterQueue ? [h('button', { onclick: () => void peekAt(q.name) }, 'Peek'), ' ', h('button', { 'data-testid': 'redrive', disabled: q.visible === 0, onclick: () => void redrive(q.name) }, 'Redrive')] : [])),
          ),
        ),
      ),
    );
  };
  void refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), REFRESH_MS);
  const unsubscribe = onServiceEvent((type) => {
    if (type === 'queue') void refresh().catch(() => undefined);
  });
  return () => (clearInterval(timer), unsubscribe());
}
