/**
 * Executions: recent executions of every state machine; one execution's graph (its path coloured by
 * state status), the input and output of each state, retries, the error and whether it was caught,
 * and the event history. Read again when the feed says an execution started or ended, and every few
 * seconds (executions of a Step Functions the stack does not run).
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { getJson, h, json, table, time } from '../dom.js';
import { onServiceEvent } from '../feedStore.js';
import { drawStateGraph, type StateStatus } from './stateGraph.js';

interface Machine {
  name: string;
  arn: string;
  definition: Record<string, unknown>;
}
interface ExecutionItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: string;
  stopDate?: string;
}

/** What the history says about each state: status, input, output, attempts, error. */
export interface StateRun {
  status: StateStatus;
  input?: string;
  output?: string;
  attempts: number;
  error?: { error?: string; cause?: string };
}

const REFRESH_MS = 5000;

export function executionsPage(root: HTMLElement): () => void {
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const detail = h('div', { 'data-testid': 'execution-detail' });
  root.append(h('h2', {}, 'Executions'), list, detail);
  let machines: Machine[] = [];
  let selected: string | undefined;

  const refresh = async () => {
    if (!machines.length) machines = (await getJson<{ stateMachines: Machine[] }>('/api/state-machines')).stateMachines;
    const { executions } = await getJson<{ executions: ExecutionItem[] }>('/api/executions');
    list.replaceChildren(
      table(
        ['started', 'state machine', 'execution', 'status'],
        executions.map((e) =>
          h(
            'tr',
            { class: `clickable${e.executionArn === selected ? ' selected' : ''}`, 'data-testid': 'execution-row', 'data-status': e.status, onclick: () => ((selected = e.executionArn), void showExecution(e.executionArn)) },
            h('td', {}, time(e.startDate)),
            h('td', {}, e.stateMachineArn.split(':').pop() ?? ''),
            h('td', {}, e.name),
            h('td', { class: `status-${e.status}` }, e.status),
          ),
        ),
      ),
    );
  };

  const showExecution = async (arn: string) => {
    const { execution, events } = await getJson<{ execution: { stateMachineArn: string; status: string; error?: string; cause?: string; input?: string; output?: string }; events: HistoryEvent[] }>(`/api/execution?arn=${encodeURIComponent(arn)}`);
    const machine = machines.find((m) => m.arn === execution.stateMachineArn);
    const runs = stateRuns(events, execution.status);
    const stateDetail = h('div', { 'data-testid': 'state-detail' });
    const select = (name: string) => {
      const run = runs.get(name);
      stateDetail.replaceChildren(
        h('h4', {}, `${name}: ${run?.status ?? 'not run'}${run && run.attempts > 1 ? ` · ${run.attempts - 1} retr${run.attempts === 2 ? 'y' : 'ies'}` : ''}`),
        ...(run?.error ? [h('p', { class: run.status === 'failed' ? 'status-error' : 'status-RUNNING' }, `${run.status === 'caught' ? 'caught ' : ''}${run.error.error ?? ''}: ${run.error.cause ?? ''}`)] : []),
        h('h4', {}, 'Input'),
        json(parse(run?.input)),
        h('h4', {}, 'Output'),
        json(parse(run?.output)),
      );
    };
    const statuses = new Map([...runs].map(([name, run]) => [name, run.status]));
    detail.replaceChildren(
      h('h3', {}, `${arn.split(':').pop()} · `, h('span', { class: `status-${execution.status}` }, execution.status)),
      ...(execution.error ? [h('p', { class: 'status-error' }, `${execution.error}: ${execution.cause ?? ''}`)] : []),
      h('div', { class: 'split' }, machine ? drawStateGraph(machine.definition, statuses, select) : h('p', {}, 'Definition not in the template.'), stateDetail),
      h('h4', {}, 'Event history'),
      table(['#', 'type', 'details'], events.map((e) => h('tr', {}, h('td', {}, e.id ?? ''), h('td', {}, e.type ?? ''), h('td', {}, h('code', {}, summary(e)))))),
    );
  };

  void refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), REFRESH_MS);
  const unsubscribe = onServiceEvent((type, data) => {
    if (type !== 'execution') return;
    void refresh().catch(() => undefined);
    if (selected && (data as { executionArn?: string }).executionArn === selected) void showExecution(selected);
  });
  return () => (clearInterval(timer), unsubscribe());
}

/** Each entered state's run, from the event history. */
export function stateRuns(events: HistoryEvent[], executionStatus: string): Map<string, StateRun> {
  const runs = new Map<string, StateRun>();
  let current: string | undefined;
  for (const event of events) {
    const type = event.type ?? '';
    if (event.stateEnteredEventDetails?.name) {
      current = event.stateEnteredEventDetails.name;
      runs.set(current, { status: type === 'FailStateEntered' ? 'failed' : 'running', input: event.stateEnteredEventDetails.input, attempts: 0 });
    } else if (event.stateExitedEventDetails?.name) {
      const run = runs.get(event.stateExitedEventDetails.name);
      if (run) {
        run.output = event.stateExitedEventDetails.output;
        // A state that failed and still exited had its error caught.
        if (run.status === 'running') run.status = run.error ? 'caught' : 'succeeded';
      }
    } else if (current && /Scheduled$/.test(type)) {
      runs.get(current)!.attempts++;
    } else if (type === 'ExecutionFailed' && current && runs.get(current)!.status === 'failed') {
      // A Fail state: the execution's error is its error.
      runs.get(current)!.error = { error: event.executionFailedEventDetails?.error, cause: event.executionFailedEventDetails?.cause };
    } else if (current && /(Failed|TimedOut)$/.test(type) && !type.startsWith('Execution')) {
      const details = Object.entries(event).find(([key]) => key.endsWith('EventDetails'))?.[1] as { error?: string; cause?: string } | undefined;
      runs.get(current)!.error = { error: details?.error, cause: details?.cause };
    }
  }
  // A state that failed and never exited failed the execution (or is still retrying, while it runs).
  for (const run of runs.values()) if (run.error && run.status === 'running' && executionStatus !== 'RUNNING') run.status = 'failed';
  return runs;
}

function summary(event: HistoryEvent): string {
  const details = Object.entries(event).find(([key]) => key.endsWith('EventDetails'))?.[1] as Record<string, unknown> | undefined;
  return details ? JSON.stringify(details).slice(0, 200) : '';
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
