/** Invocations: every function invocation, live; filters by function and status; detail with "invoke again". */
import type { InvocationView } from '../../feedViews.js';
import { getJson, h, json, postJson, table, time } from '../dom.js';
import { onFeedChange, store, type Invocation } from '../feedStore.js';

export function invocationsPage(root: HTMLElement): () => void {
  const filters = { fn: '', status: '' };
  let selected: number | undefined;
  const list = h('div');
  const detail = h('div', { 'data-testid': 'invocation-detail' });
  const fnSelect = h('select', { 'data-testid': 'filter-function', onchange: (e: Event) => ((filters.fn = (e.target as HTMLSelectElement).value), render()) });
  const statusSelect = h(
    'select',
    { 'data-testid': 'filter-status', onchange: (e: Event) => ((filters.status = (e.target as HTMLSelectElement).value), render()) },
    ...['', 'ok', 'error', 'timeout', 'throttled'].map((s) => h('option', { value: s }, s || 'any status')),
  );
  root.append(h('h2', {}, 'Invocations'), h('div', { class: 'filters' }, 'Function ', fnSelect, ' Status ', statusSelect), h('div', { class: 'split' }, list, detail));

  function render(): void {
    const functions = [...new Set(store.invocations.map((i) => i.functionId))].sort();
    if (fnSelect.options.length !== functions.length + 1) {
      fnSelect.replaceChildren(h('option', { value: '' }, 'all functions'), ...functions.map((f) => h('option', { value: f }, f)));
      fnSelect.value = filters.fn;
    }
    const shown = store.invocations.filter((i) => (!filters.fn || i.functionId === filters.fn) && (!filters.status || i.status === filters.status)).slice(-200).reverse();
    list.replaceChildren(
      shown.length ? table(['time', 'function', 'trigger', 'status', 'duration', 'init', 'memory'], shown.map(rowOf)) : h('p', { class: 'muted' }, 'No invocations yet.'),
    );
  }

  function rowOf(i: Invocation): HTMLTableRowElement {
    return h(
      'tr',
      { class: `clickable${i.seq === selected ? ' selected' : ''}`, 'data-testid': 'invocation-row', 'data-function': i.functionId, 'data-status': i.status, onclick: () => ((selected = i.seq), void showDetail(i.seq), render()) },
      h('td', {}, time(i.startedAt)),
      h('td', {}, i.functionId),
      h('td', {}, `${i.trigger.kind}${i.trigger.name ? ` ${i.trigger.name}` : ''}`),
      h('td', { class: `status-${i.status}` }, i.status),
      h('td', {}, `${i.durationMs.toFixed(1)} ms`),
      h('td', {}, i.initDurationMs !== undefined ? `${i.initDurationMs.toFixed(0)} ms` : ''),
      h('td', {}, `${i.maxMemoryUsedMb}/${i.memorySizeMb} MB`),
    );
  }

  async function showDetail(seq: number): Promise<void> {
    const { data: i } = await getJson<{ data: InvocationView }>(`/api/invocations/${seq}`);
    const editor = h('textarea', { 'data-testid': 'event-editor' });
    editor.value = JSON.stringify(i.event, null, 2);
    const outcome = h('span', { class: 'muted' });
    const again = async (edited: boolean) => {
      outcome.textContent = 'invoking…';
      try {
        const body = edited ? { event: JSON.parse(editor.value) as unknown } : {};
        const answer = await postJson<{ status: string; durationMs: number }>(`/api/invocations/${seq}/invoke`, body);
        outcome.textContent = `${answer.status} in ${answer.durationMs.toFixed(1)} ms`;
      } catch (error) {
        outcome.textContent = String(error);
      }
    };
    detail.replaceChildren(
      h('h3', {}, `${i.functionId} · ${i.requestId}`),
      h('h4', {}, 'Event'),
      json(i.event),
      h('h4', {}, i.status === 'ok' ? 'Result' : 'Error'),
      json(i.status === 'ok' ? i.result : i.error),
      h('h4', {}, 'Log lines'),
      h('pre', { 'data-testid': 'log-lines' }, i.logLines.join('\n') || '(none)'),
      h('h4', {}, 'Invoke again'),
      h('p', { class: 'muted' }, 'Masked values (••••••) are sent as shown when you edit; "same event" sends the original.'),
      editor,
      h('div', { class: 'actions' }, h('button', { onclick: () => void again(false) }, 'Invoke again (same event)'), h('button', { onclick: () => void again(true) }, 'Invoke with edited event'), outcome),
    );
  }

  render();
  return onFeedChange(render);
}
