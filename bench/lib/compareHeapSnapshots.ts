/**
 * Compares two V8 heap snapshots (`.heapsnapshot`, as `v8.writeHeapSnapshot()` or the soak's
 * `--heap-snapshots` write them): objects grouped by constructor (strings, code and the like by
 * type), the groups that grew most by self size, and for the first few, who holds the new
 * instances (owner constructor and property), which is usually enough to name a leak.
 *
 *     npx tsx bench/lib/compareHeapSnapshots.ts <earlier.heapsnapshot> <later.heapsnapshot> [--top 25]
 */
import { readFileSync } from 'node:fs';
import { numberOption } from './benchArgs.js';

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

interface Group {
  count: number;
  bytes: number;
}

/** Object types whose node names are their constructors (the rest are grouped by type alone). */
const NAMED_TYPES = new Set(['object', 'closure', 'native', 'array', 'regexp']);

class HeapSnapshot {
  private readonly raw: RawSnapshot;
  private readonly nodeFieldCount: number;
  private readonly edgeFieldCount: number;
  private readonly typeOffset: number;
  private readonly nameOffset: number;
  private readonly sizeOffset: number;
  private readonly edgeCountOffset: number;
  private readonly idOffset: number;

  constructor(file: string) {
    this.raw = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
    const fields = this.raw.snapshot.meta.node_fields;
    this.nodeFieldCount = fields.length;
    this.edgeFieldCount = this.raw.snapshot.meta.edge_fields.length;
    this.typeOffset = fields.indexOf('type');
    this.nameOffset = fields.indexOf('name');
    this.sizeOffset = fields.indexOf('self_size');
    this.edgeCountOffset = fields.indexOf('edge_count');
    this.idOffset = fields.indexOf('id');
  }

  get nodeCount(): number {
    return this.raw.nodes.length / this.nodeFieldCount;
  }

  groupOf(node: number): string {
    const base = node * this.nodeFieldCount;
    const type = this.raw.snapshot.meta.node_types[0][this.raw.nodes[base + this.typeOffset]];
    return NAMED_TYPES.has(type) ? `${type} ${this.raw.strings[this.raw.nodes[base + this.nameOffset]]}` : `(${type})`;
  }

  id(node: number): number {
    return this.raw.nodes[node * this.nodeFieldCount + this.idOffset];
  }

  groups(): Map<string, Group> {
    const groups = new Map<string, Group>();
    for (let node = 0; node < this.nodeCount; node++) {
      const key = this.groupOf(node);
      const group = groups.get(key) ?? { count: 0, bytes: 0 };
      group.count++;
      group.bytes += this.raw.nodes[node * this.nodeFieldCount + this.sizeOffset];
      groups.set(key, group);
    }
    return groups;
  }

  /** For the nodes of `group` not in `olderIds`: their holders as `owner group .edge`, counted. */
  newRetainers(group: string, olderIds: Set<number>): Map<string, number> {
    const edgeTypes = this.raw.snapshot.meta.edge_types[0];
    const holders = new Map<string, number>();
    let edge = 0;
    for (let node = 0; node < this.nodeCount; node++) {
      const edges = this.raw.nodes[node * this.nodeFieldCount + this.edgeCountOffset];
      for (let i = 0; i < edges; i++, edge += this.edgeFieldCount) {
        const type = edgeTypes[this.raw.edges[edge]];
        if (type === 'weak') continue;
        const target = this.raw.edges[edge + 2] / this.nodeFieldCount;
        if (this.groupOf(target) !== group || olderIds.has(this.id(target))) continue;
        const nameOrIndex = this.raw.edges[edge + 1];
        const label = type === 'element' || type === 'hidden' ? `[${type}]` : `.${this.raw.strings[nameOrIndex]}`;
        const key = `${this.groupOf(node)} ${label}`;
        holders.set(key, (holders.get(key) ?? 0) + 1);
      }
    }
    return holders;
  }

  /**
   * One chain of holders from `node` up towards a root: at each step the first strong holder not yet
   * on the chain, as `group .edge`. Enough to see which structure keeps a sample alive.
   */
  holderChain(node: number, depth = 12): string[] {
    const retainers = this.retainerIndex();
    const chain: string[] = [];
    const seen = new Set<number>([node]);
    for (let current = node, step = 0; step < depth; step++) {
      const next = retainers.get(current)?.find(([holder]) => !seen.has(holder));
      if (!next) break;
      const [holder, label] = next;
      chain.push(`${this.groupOf(holder)} ${label}`);
      seen.add(holder);
      current = holder;
    }
    return chain;
  }

  /** Nodes of `group` not in `olderIds`, at most `limit`, spread over the snapshot. */
  newNodes(group: string, olderIds: Set<number>, limit: number): number[] {
    const found: number[] = [];
    for (let node = 0; node < this.nodeCount; node++) if (this.groupOf(node) === group && !olderIds.has(this.id(node))) found.push(node);
    const stride = Math.max(1, Math.floor(found.length / limit));
    return found.filter((_, index) => index % stride === 0).slice(0, limit);
  }

  #retainers: Map<number, [number, string][]> | undefined;

  private retainerIndex(): Map<number, [number, string][]> {
    if (this.#retainers) return this.#retainers;
    const edgeTypes = this.raw.snapshot.meta.edge_types[0];
    const retainers = new Map<number, [number, string][]>();
    let edge = 0;
    for (let node = 0; node < this.nodeCount; node++) {
      const edges = this.raw.nodes[node * this.nodeFieldCount + this.edgeCountOffset];
      for (let i = 0; i < edges; i++, edge += this.edgeFieldCount) {
        const type = edgeTypes[this.raw.edges[edge]];
        if (type === 'weak' || type === 'shortcut') continue;
        const target = this.raw.edges[edge + 2] / this.nodeFieldCount;
        const nameOrIndex = this.raw.edges[edge + 1];
        const label = type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : `.${this.raw.strings[nameOrIndex]}`;
        const list = retainers.get(target);
        if (list) list.push([node, label]);
        else retainers.set(target, [[node, label]]);
      }
    }
    this.#retainers = retainers;
    return retainers;
  }

  ids(): Set<number> {
    const ids = new Set<number>();
    for (let node = 0; node < this.nodeCount; node++) ids.add(this.id(node));
    return ids;
  }
}

function main(): void {
  const [earlierFile, laterFile] = process.argv.slice(2).filter((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg));
  if (!earlierFile || !laterFile) throw new Error('usage: compareHeapSnapshots.ts <earlier.heapsnapshot> <later.heapsnapshot> [--top 25]');
  const top = numberOption('top', 25);
  const earlier = new HeapSnapshot(earlierFile);
  const earlierGroups = earlier.groups();
  const earlierIds = earlier.ids();
  const later = new HeapSnapshot(laterFile);
  const laterGroups = later.groups();
  const kb = (bytes: number) => (bytes / 1024).toFixed(0);

  const growth = [...laterGroups]
    .map(([key, group]) => ({ key, count: group.count - (earlierGroups.get(key)?.count ?? 0), bytes: group.bytes - (earlierGroups.get(key)?.bytes ?? 0), total: group }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  console.log(`nodes: ${earlier.nodeCount} → ${later.nodeCount}\n`);
  console.log(`${'Δ KB'.padStart(9)}${'Δ count'.padStart(10)}${'count'.padStart(10)}  group`);
  for (const row of growth) console.log(`${kb(row.bytes).padStart(9)}${String(row.count).padStart(10)}${String(row.total.count).padStart(10)}  ${row.key}`);

  for (const row of growth.slice(0, numberOption('retainers', 8))) {
    const holders = [...later.newRetainers(row.key, earlierIds)].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(`\nnew ${row.key} held by:`);
    for (const [holder, n] of holders) console.log(`${String(n).padStart(9)}  ${holder}`);
    for (const node of later.newNodes(row.key, earlierIds, numberOption('chains', 3))) console.log(`    chain: ${later.holderChain(node).join(' ← ')}`);
  }
}

main();
