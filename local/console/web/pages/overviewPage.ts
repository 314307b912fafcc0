/** Overview: the template's resources with their local endpoints, and which local services answer. */
import { getJson, h, table, time } from '../dom.js';

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
  knowledgeBases: KnowledgeBase[];
}

interface KnowledgeBase {
  logicalId: string;
  knowledgeBaseId: string;
  name: string;
  embeddingModel: string;
  storageType: string;
  dataSources: { logicalId: string; dataSourceId: string; location: string; lastSync?: LastSync | null }[];
}

interface LastSync {
  status: string;
  startedAt?: string;
  statistics?: { numberOfDocumentsScanned?: number; numberOfNewDocumentsIndexed?: number; numberOfModifiedDocumentsIndexed?: number; numberOfDocumentsDeleted?: number; numberOfDocumentsFailed?: number };
}

/** A data source's latest ingestion job: its status and counts, "never synced", or "unknown" when the local Bedrock did not answer. */
function lastSync(sync: LastSync | null | undefined): Node {
  if (sync === undefined) return h('span', { class: 'down', 'data-testid': 'kb-sync' }, 'unknown (the local Bedrock did not answer)');
  if (sync === null) return h('span', { class: 'muted', 'data-testid': 'kb-sync' }, 'never synced: genai-kit kb sync');
  const s = sync.statistics ?? {};
  const indexed = (s.numberOfNewDocumentsIndexed ?? 0) + (s.numberOfModifiedDocumentsIndexed ?? 0);
  const counts = `${s.numberOfDocumentsScanned ?? 0} scanned, ${indexed} indexed, ${s.numberOfDocumentsDeleted ?? 0} deleted, ${s.numberOfDocumentsFailed ?? 0} failed`;
  return h('span', { 'data-testid': 'kb-sync' }, h('span', { class: `status-${sync.status}` }, sync.status), ` ${time(sync.startedAt)} · ${counts}`);
}

function knowledgeBaseSection(knowledgeBases: KnowledgeBase[]): Node[] {
  if (!knowledgeBases.length) return [];
  const rows = knowledgeBases.flatMap((kb) =>
    kb.dataSources.map((source) =>
      h(
        'tr',
        { 'data-testid': 'kb-row' },
        ...[`${kb.name} (${kb.knowledgeBaseId})`, kb.embeddingModel, `${kb.storageType} in AWS; a local index here`, `${source.logicalId}: ${source.location}`, lastSync(source.lastSync)].map((cell) => h('td', {}, cell)),
      ),
    ),
  );
  return [h('h2', {}, 'Knowledge bases'), table(['knowledge base', 'embedding model', 'vector store', 'data source', 'last sync'], rows)];
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
      ...knowledgeBaseSection(o.knowledgeBases),
    );
  });
}
