/**
 * A state machine drawn as a graph, laid out by dagre: one box per state (branch states of Parallel
 * and Map included), an arrow per transition (Next, Default, Choices, Catch), each box coloured by
 * the status the execution gave that state.
 */
import dagre from '@dagrejs/dagre';

const SVG = 'http://www.w3.org/2000/svg';

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'running' | 'notRun';

interface AslState {
  Type?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: { Next?: string }[];
  Catch?: { Next?: string }[];
  Branches?: AslMachine[];
  Iterator?: AslMachine;
  ItemProcessor?: AslMachine;
}
interface AslMachine {
  StartAt?: string;
  States?: Record<string, AslState>;
}

/** Nodes (state name → type) and edges of a definition, nested branches included. */
export function graphOf(definition: AslMachine): { nodes: Map<string, string>; edges: [string, string, string?][] } {
  const nodes = new Map<string, string>();
  const edges: [string, string, string?][] = [];
  const walk = (machine: AslMachine, after?: string) => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      nodes.set(name, state.Type ?? '?');
      if (state.Next) edges.push([name, state.Next]);
      if (state.Default) edges.push([name, state.Default, 'default']);
      for (const choice of state.Choices ?? []) if (choice.Next) edges.push([name, choice.Next, 'choice']);
      for (const handler of state.Catch ?? []) if (handler.Next) edges.push([name, handler.Next, 'catch']);
      if (state.End && after) edges.push([name, after]);
      for (const branch of [...(state.Branches ?? []), ...[state.Iterator ?? state.ItemProcessor].filter((b): b is AslMachine => Boolean(b))]) {
        if (branch.StartAt) edges.push([name, branch.StartAt, 'branch']);
        walk(branch, state.Next);
      }
    }
  };
  walk(definition);
  return { nodes, edges: edges.filter(([from, to]) => nodes.has(from) && nodes.has(to)) };
}

export function drawStateGraph(definition: AslMachine, statuses: Map<string, StateStatus>, onSelect: (state: string) => void): SVGSVGElement {
  const { nodes, edges } = graphOf(definition);
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 40, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const [name] of nodes) g.setNode(name, { width: Math.max(120, name.length * 7.5 + 24), height: 36 });
  for (const [from, to] of edges) g.setEdge(from, to);
  dagre.layout(g);
  const svg = document.createElementNS(SVG, 'svg');
  const { width = 0, height = 0 } = g.graph();
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('data-testid', 'state-graph');
  for (const edge of g.edges()) {
    const points = g.edge(edge).points ?? [];
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', 'edge');
    line.setAttribute('points', points.map((p: { x: number; y: number }) => `${p.x},${p.y}`).join(' '));
    line.setAttribute('marker-end', 'url(#arrow)');
    svg.append(line);
  }
  svg.insertAdjacentHTML('afterbegin', '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0L10,5L0,10z" fill="#8c959f"/></marker></defs>');
  for (const name of g.nodes()) {
    const node = g.node(name);
    const group = document.createElementNS(SVG, 'g');
    const status = statuses.get(name) ?? 'notRun';
    group.setAttribute('class', 'node');
    group.setAttribute('data-state', name);
    group.setAttribute('data-status', status);
    group.style.cursor = 'pointer';
    group.addEventListener('click', () => onSelect(name));
    const rect = document.createElementNS(SVG, 'rect');
    Object.entries({ x: node.x - node.width / 2, y: node.y - node.height / 2, width: node.width, height: node.height, rx: 6 }).forEach(([k, v]) => rect.setAttribute(k, String(v)));
    const text = document.createElementNS(SVG, 'text');
    Object.entries({ x: node.x, y: node.y + 4, 'text-anchor': 'middle' }).forEach(([k, v]) => text.setAttribute(k, String(v)));
    text.textContent = `${name} (${nodes.get(name)})`;
    group.append(rect, text);
    svg.append(group);
  }
  return svg;
}
