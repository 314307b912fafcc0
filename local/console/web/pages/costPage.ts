/**
 * Cost meter: the estimated on-demand cost of the session's model calls (the fake prices each call
 * from the model catalogue) by model, function, route and day, and a projection: at N requests a
 * day, what a month would cost on AWS, from the average cost of a request seen so far.
 */
import { h, table, usd } from '../dom.js';
import { onFeedChange, store, type Invocation, type ModelCall } from '../feedStore.js';

const SVG = 'http://www.w3.org/2000/svg';

export function costPage(root: HTMLElement): () => void {
  let perDay = 1000;
  const body = h('div');
  const input = h('input', { type: 'number', min: 0, value: perDay, 'data-testid': 'requests-per-day', oninput: (e: Event) => ((perDay = Number((e.target as HTMLInputElement).value) || 0), render()) });
  root.append(h('h2', {}, 'Cost meter'), body, h('div', { class: 'filters' }, 'Requests a day: ', input));

  function render(): void {
    const calls = store.modelCalls.filter((c) => c.estimatedCostUsd !== undefined);
    const total = calls.reduce((sum, c) => sum + (c.estimatedCostUsd ?? 0), 0);
    const requests = store.invocations.filter((i) => i.trigger.kind === 'route').length;
    const perRequest = requests ? total / requests : calls.length ? total / calls.length : 0;
    const monthly = perRequest * perDay * 30;
    body.replaceChildren(
      h(
        'div',
        { class: 'cards' },
        card('Session', usd(total), `${calls.length} model call(s)`, 'cost-total'),
        card('Per request', usd(perRequest), requests ? `${requests} API request(s)` : 'per model call (no API requests yet)'),
        card('Projection', usd(monthly), `a month at ${perDay} requests a day`, 'cost-projection'),
      ),
      h('p', { 'data-testid': 'projection-sentence' }, `At ${perDay} requests a day this is ${usd(monthly)} a month on AWS (on-demand prices from the model catalogue).`),
      chart(calls),
      h('div', { class: 'split' },
        h('div', {}, h('h3', {}, 'By model'), breakdown(calls, (c) => c.resolvedModelId ?? c.modelId), h('h3', {}, 'By day'), breakdown(calls, (c) => c.timestamp.slice(0, 10))),
        h('div', {}, h('h3', {}, 'By function'), breakdown(calls, (c) => c.functionId ?? '(unknown)'), h('h3', {}, 'By route'), breakdown(calls, (c) => routeOf(c, store.invocations) ?? '(not from a route)')),
      ),
    );
  }

  render();
  return onFeedChange(render);
}

function card(title: string, value: string, note: string, testId?: string): HTMLElement {
  return h('div', { class: 'card' }, h('div', { class: 'muted' }, title), h('div', { class: 'value', 'data-testid': testId }, value), h('div', { class: 'muted' }, note));
}

function breakdown(calls: ModelCall[], key: (call: ModelCall) => string): HTMLTableElement {
  const sums = new Map<string, { cost: number; count: number; tokens: number }>();
  for (const call of calls) {
    const entry = sums.get(key(call)) ?? { cost: 0, count: 0, tokens: 0 };
    entry.cost += call.estimatedCostUsd ?? 0;
    entry.count++;
    entry.tokens += (call.inputTokens ?? 0) + (call.outputTokens ?? 0);
    sums.set(key(call), entry);
  }
  const rows = [...sums].sort((a, b) => b[1].cost - a[1].cost);
  return table(['', 'calls', 'tokens', 'cost'], rows.map(([name, s]) => h('tr', {}, h('td', {}, name), h('td', {}, s.count), h('td', {}, s.tokens), h('td', {}, usd(s.cost)))));
}

/** The API route of the invocation that was running the call's function when the call was made. */
function routeOf(call: ModelCall, invocations: Invocation[]): string | undefined {
  if (!call.functionId) return undefined;
  const at = Date.parse(call.timestamp);
  const invocation = invocations.find((i) => i.functionId === call.functionId && i.startedAt <= at && at <= i.startedAt + i.durationMs + 50);
  return invocation?.trigger.kind === 'route' ? invocation.trigger.name : undefined;
}

/** Cumulative cost over the session's calls, as an inline SVG line. */
function chart(calls: ModelCall[]): SVGSVGElement {
  const width = 640;
  const height = 160;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('data-testid', 'cost-chart');
  let running = 0;
  const points = calls.map((c) => (running += c.estimatedCostUsd ?? 0));
  const max = running || 1;
  const step = points.length > 1 ? (width - 20) / (points.length - 1) : 0;
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', ['10,150', ...points.map((p, i) => `${10 + i * step},${150 - (p / max) * 130}`)].join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#0969da');
  line.setAttribute('stroke-width', '2');
  const axis = document.createElementNS(SVG, 'line');
  Object.entries({ x1: 10, y1: 150, x2: width - 10, y2: 150, stroke: '#8c959f' }).forEach(([k, v]) => axis.setAttribute(k, String(v)));
  const label = document.createElementNS(SVG, 'text');
  label.setAttribute('x', '12');
  label.setAttribute('y', '14');
  label.setAttribute('font-size', '11');
  label.textContent = `cumulative cost: ${usd(running)}`;
  svg.append(axis, line, label);
  return svg;
}
