/** Overview: the template's resources with their local endpoints, and which local services answer. */
import { getJson, h, table } from '../dom.js';

interface Overview {
  template: string;
  services: { name: string; url: string; up: boolean }[];
  routes: { method: string; path: string; function: string; url?: string; apiKeyRequired: boolean; authorizer?: string }[];
  functionUrls: { function: string; invokeMode: string; url?: string }[];
  functions: { logicalId: string; runtime: string; handler: string; memorySize: number; timeout: number }[];
  tables: { logicalId: string; name: string; keys: string[] }[];
  queues: { logicalId: string; name: string; fifo: boolean }[];
  stateMachines: { logicalId: string; name: string; type: string }[];
  buckets: { logicalId: string; name: string }[];
}

const row = (...cells: (string | number | Node)[]) => h('tr', {}, ...cells.map((cell) => h('td', {}, cell)));

export function overviewPage(root: HTMLElement): void {
  root.append(h('p', { class: 'muted' }, 'Loading…'));
  void getJson<Overview>('/api/overview').then((o) => {
    root.replaceChildren(
      h('h2', {}, 'Services'),
      h('p', { class: 'muted' }, o.template),
      table(['service', 'endpoint', 'health'], o.services.map((s) => row(s.name, s.url, h('span', { class: s.up ? 'up' : 'down', 'data-testid': 'health' }, s.up ? 'up' : 'down')))),
      h('h2', {}, 'Routes'),
      table(['method', 'path', 'function', 'auth', 'local URL'], o.routes.map((r) => row(r.method, r.path, r.function, [r.apiKeyRequired ? 'API key' : '', r.authorizer ?? ''].filter(Boolean).join(' + ') || 'none', r.url ?? ''))),
      ...(o.functionUrls.length ? [h('h2', {}, 'Function URLs'), table(['function', 'mode', 'local URL'], o.functionUrls.map((u) => row(u.function, u.invokeMode, u.url ?? '')))] : []),
      h('h2', {}, 'Functions'),
      table(['function', 'runtime', 'handler', 'memory', 'timeout'], o.functions.map((f) => row(f.logicalId, f.runtime, f.handler, `${f.memorySize} MB`, `${f.timeout} s`))),
      h('h2', {}, 'Tables, queues, state machines, buckets'),
      table(
        ['kind', 'logical id', 'name', 'details'],
        [
          ...o.tables.map((t) => row('table', t.logicalId, t.name, `keys: ${t.keys.join(', ')}`)),
          ...o.queues.map((q) => row('queue', q.logicalId, q.name, q.fifo ? 'FIFO' : 'standard')),
          ...o.stateMachines.map((m) => row('state machine', m.logicalId, m.name, m.type)),
          ...o.buckets.map((b) => row('bucket', b.logicalId, b.name, '')),
        ],
      ),
    );
  });
}
