/** Model calls: every Bedrock call, live, with its prompt, answer, tokens, speed and cost; the fake's fixtures and faults switches. */
import { getJson, h, json, postJson, table, time, usd } from '../dom.js';
import { onFeedChange, store, type ModelCall } from '../feedStore.js';

export function modelCallsPage(root: HTMLElement): () => void {
  let selected: number | undefined;
  const list = h('div');
  const detail = h('div', { 'data-testid': 'model-call-detail' });
  root.append(h('h2', {}, 'Model calls'), switches(), h('div', { class: 'split' }, list, detail));

  function render(): void {
    const shown = store.modelCalls.slice(-200).reverse();
    list.replaceChildren(
      shown.length
        ? table(['time', 'model', 'operation', 'function', 'tokens in/out', 'latency', 'first token', 'tokens/s', 'cost', 'stop'], shown.map(rowOf))
        : h('p', { class: 'muted' }, 'No model calls yet.'),
    );
  }

  function rowOf(c: ModelCall): HTMLTableRowElement {
    return h(
      'tr',
      { class: `clickable${c.seq === selected ? ' selected' : ''}`, 'data-testid': 'model-call-row', 'data-model': c.modelId, onclick: () => ((selected = c.seq), showDetail(c), render()) },
      h('td', {}, time(c.timestamp)),
      h('td', {}, c.modelId),
      h('td', {}, c.operation),
      h('td', {}, c.functionId ?? (c.candidates ? `one of ${c.candidates.join(', ')}` : '—')),
      h('td', {}, `${c.inputTokens ?? '—'} / ${c.outputTokens ?? '—'}`),
      h('td', {}, `${c.latencyMs} ms`),
      h('td', {}, c.timeToFirstTokenMs !== undefined ? `${c.timeToFirstTokenMs} ms` : '—'),
      h('td', {}, c.tokensPerSecond !== undefined ? c.tokensPerSecond.toFixed(0) : '—'),
      h('td', {}, usd(c.estimatedCostUsd)),
      h('td', { class: c.status === 'error' ? 'status-error' : '' }, c.status === 'error' ? (c.error?.code ?? 'error') : (c.stopReason ?? '')),
    );
  }

  function showDetail(c: ModelCall): void {
    detail.replaceChildren(
      h('h3', {}, `${c.modelId} · ${c.operation}`),
      h('p', { class: 'muted' }, `resolved to ${c.resolvedModelId ?? '?'} · ${c.faults?.length ? `faults: ${c.faults.join(', ')}` : 'no faults'}`),
      h('h4', {}, 'System'),
      json(c.system),
      h('h4', {}, 'Messages'),
      json(c.messages),
      h('h4', {}, 'Tools'),
      json(c.tools),
      h('h4', {}, 'Answer'),
      ...(c.operation.includes('Stream') && c.status === 'ok' ? [replay(c)] : []),
      json(c.status === 'error' ? c.error : c.answer),
    );
  }

  render();
  return onFeedChange(render);
}

/** The answer's text, for Converse-shaped answers (ConverseStream); otherwise its JSON. */
function answerText(answer: unknown): string {
  const content = (answer as { message?: { content?: { text?: string }[] } } | undefined)?.message?.content;
  return content ? content.map((block) => block.text ?? '').join('') : JSON.stringify(answer);
}

/**
 * Plays a streamed answer back at its recorded pace: each piece of text when it left the fake, as
 * recorded; without a record that matches the answer, the first token after its delay and the rest
 * spread evenly over the stream's time.
 */
function replay(c: ModelCall): HTMLElement {
  const out = h('pre', { 'data-testid': 'replay' });
  let timers: number[] = [];
  const play = () => {
    timers.forEach(clearTimeout);
    out.textContent = '';
    timers = pieces(c).map(([at, piece]) => window.setTimeout(() => (out.textContent += piece), at));
  };
  const recorded = c.streamPace ? `${c.streamPace.length} pieces as recorded` : 'spread evenly';
  return h('div', {}, h('button', { onclick: play }, `Replay at its pace (first token ${c.timeToFirstTokenMs ?? '?'} ms, ${c.latencyMs} ms in all, ${recorded})`), out);
}

/** The answer's text cut into `[when, text]` pieces. */
function pieces(c: ModelCall): [number, string][] {
  const text = answerText(c.answer);
  const pace = c.streamPace;
  if (pace && pace.reduce((sum, [, characters]) => sum + characters, 0) === text.length) {
    let from = 0;
    return pace.map(([at, characters]) => [at, text.slice(from, (from += characters))]);
  }
  const tokens = text.split(/(?<=\s)/);
  const first = c.timeToFirstTokenMs ?? 0;
  const each = tokens.length > 1 ? Math.max(0, c.latencyMs - first) / (tokens.length - 1) : 0;
  return tokens.map((token, i) => [first + i * each, token]);
}

/** The fake's fixture rules and fault rules, shown and switched from here. */
function switches(): HTMLElement {
  const fixtures = h('textarea', { placeholder: '[{"match": {"lastUserMessage": "hello"}, "reply": "Hi!"}]', 'data-testid': 'fixtures-editor' });
  const faultSelect = h('select', {}, ...['throttling', 'serviceUnavailable', 'modelTimeout', 'internalError', 'modelError', 'modelNotReady'].map((f) => h('option', { value: f }, f)));
  const state = h('pre', { 'data-testid': 'bedrock-switches' }, '');
  const refresh = async () => {
    const [f, r] = await Promise.all([getJson<{ faults: unknown[] }>('/api/bedrock/faults'), getJson<{ rules: unknown[] }>('/api/bedrock/fixtures')]);
    state.textContent = `faults: ${JSON.stringify(f.faults)}\nfixtures: ${r.rules.length} rule(s)`;
  };
  const act = (action: () => Promise<unknown>) => () =>
    void action()
      .then(refresh)
      .catch((error: unknown) => (state.textContent = String(error)));
  void refresh().catch(() => (state.textContent = 'Bedrock inspection API not reachable'));
  return h(
    'details',
    {},
    h('summary', {}, 'Fixtures and faults of the fake Bedrock'),
    h('div', { class: 'actions' }, 'Fault ', faultSelect,
      h('button', { onclick: act(() => postJson('/api/bedrock/faults', { fault: faultSelect.value, times: 1 })) }, 'on the next call'),
      h('button', { onclick: act(() => postJson('/api/bedrock/faults', { fault: faultSelect.value })) }, 'on every call'),
      h('button', { onclick: act(() => getJson('/api/bedrock/faults', { method: 'DELETE' })) }, 'clear faults')),
    fixtures,
    h('div', { class: 'actions' },
      h('button', { onclick: act(() => postJson('/api/bedrock/fixtures', JSON.parse(fixtures.value || '[]'))) }, 'add fixture rules'),
      h('button', { onclick: act(() => getJson('/api/bedrock/fixtures', { method: 'DELETE' })) }, 'clear fixtures')),
    state,
  );
}
