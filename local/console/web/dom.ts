/** Small DOM helpers: elements from tag, attributes and children; text is always set as text, never as HTML. */

type Child = Node | string | number | undefined | null | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string | number | boolean | ((event: Event) => void) | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== undefined && child !== null && child !== false) element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

export function json(value: unknown): HTMLPreElement {
  return h('pre', {}, value === undefined ? '—' : JSON.stringify(value, null, 2));
}

export function table(headers: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  return h('table', {}, h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', {}, header)))), h('tbody', {}, ...rows));
}

export function time(epochMs: number | string | undefined): string {
  return epochMs === undefined ? '' : new Date(epochMs).toLocaleTimeString();
}

export function usd(value: number | undefined): string {
  if (value === undefined) return '—';
  return value < 0.01 ? `$${value.toFixed(6)}` : `$${value.toFixed(2)}`;
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const answer = await fetch(url, init);
  const body = (await answer.json()) as T & { message?: string };
  if (!answer.ok) throw new Error(body.message ?? `${answer.status}`);
  return body;
}

export function postJson<T>(url: string, body: unknown, method = 'POST'): Promise<T> {
  return getJson<T>(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}
