/** Tables: browse (Scan) or query (by partition key) the template's DynamoDB tables, a page of items at a time. */
import { getJson, h, json } from '../dom.js';

interface TableInfo {
  name: string;
  logicalId: string;
  keys: { name: string; type: string }[];
}

export function tablesPage(root: HTMLElement): void {
  const select = h('select', { 'data-testid': 'table-select' });
  const pk = h('input', { placeholder: 'partition key value (optional)' });
  const items = h('div', { 'data-testid': 'table-items' });
  const pages: (string | undefined)[] = [undefined];
  let next: string | undefined;
  const load = async (start: string | undefined) => {
    const query = new URLSearchParams({ limit: '25', ...(start ? { start } : {}), ...(pk.value ? { pk: pk.value } : {}) });
    const page = await getJson<{ items: unknown[]; next?: string }>(`/api/tables/${encodeURIComponent(select.value)}/items?${query}`);
    next = page.next;
    items.replaceChildren(h('p', { class: 'muted' }, `${page.items.length} item(s) on page ${pages.length}${next ? '' : ' (last page)'}`), json(page.items));
  };
  const first = () => ((pages.length = 1), void load(undefined));
  root.append(
    h('h2', {}, 'Tables'),
    h('div', { class: 'filters' }, 'Table ', select, pk,
      h('button', { onclick: first }, 'Query / scan'),
      h('button', { onclick: () => { if (next) { pages.push(next); void load(next); } } }, 'Next page'),
      h('button', { onclick: () => { if (pages.length > 1) { pages.pop(); void load(pages.at(-1)); } } }, 'Previous page')),
    items,
  );
  select.addEventListener('change', first);
  void getJson<{ tables: TableInfo[] }>('/api/tables').then(({ tables }) => {
    select.replaceChildren(...tables.map((t) => h('option', { value: t.name }, `${t.logicalId} (${t.keys.map((k) => k.name).join(', ')})`)));
    if (tables.length) first();
  });
}
