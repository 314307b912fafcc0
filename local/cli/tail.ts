/**
 * `genai-kit tail [--function F] [--model]`: the console's live feed in the terminal, coloured:
 * every function invocation (trigger, status, duration, its log lines with --logs), every model
 * call (model, tokens, speed, estimated cost) and every execution that starts or ends. Reads the console's URL from `.local/endpoints.json`.
 */
import path from 'node:path';
import { parseArgs, styleText } from 'node:util';
import type { InvocationSummary, InvocationView, ModelCallView } from '../console/feedViews.js';
import { followFeed, type FeedMessage } from '../console/followFeed.js';
import { readEndpointsFile } from '../stack/endpointsFile.js';

const HELP = `Usage: genai-kit tail [--function <LogicalId>] [--model] [--logs] [--new]

Prints the stack's invocations and model calls as they happen (the console's live feed).
  --function <id>   only this function's invocations and the model calls it made
  --model           only model calls
  --logs            with each invocation, the lines the function logged
  --new             only what happens from now on (default: the recent history first)
  --endpoints <file> (default .local/endpoints.json)
`;

type Colour = Parameters<typeof styleText>[0];

export interface TailFilter {
  functionId?: string;
  modelOnly?: boolean;
  logs?: boolean;
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      function: { type: 'string' },
      model: { type: 'boolean', default: false },
      logs: { type: 'boolean', default: false },
      new: { type: 'boolean', default: false },
      endpoints: { type: 'string', default: path.join('.local', 'endpoints.json') },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const endpoints = await readEndpointsFile(path.resolve(values.endpoints));
  if (!endpoints.console) throw new Error(`${values.endpoints} has no console: was the stack started with --no-console?`);
  const filter: TailFilter = { functionId: values.function, modelOnly: values.model, logs: values.logs };
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let skipHistory = values.new;
  process.stderr.write(styleText('dim', `following ${endpoints.console} (Ctrl-C to stop)\n`));
  await followFeed(
    endpoints.console,
    (message) => {
      if (skipHistory) return;
      const line = formatFeedMessage(message, filter);
      if (line) process.stdout.write(`${line}\n`);
    },
    {
      types: filter.modelOnly ? ['modelCall'] : ['invocation', 'modelCall', 'execution'],
      form: filter.logs ? 'full' : 'summary',
      signal: controller.signal,
      onReady: () => (skipHistory = false),
      onDisconnect: () => process.stderr.write(styleText('yellow', 'console unreachable, retrying…\n')),
    },
  );
  return 0;
}

/** One feed event as a terminal line (undefined when the filter leaves it out). */
export function formatFeedMessage(message: FeedMessage, filter: TailFilter = {}): string | undefined {
  const at = styleText('dim', new Date(message.time).toISOString().slice(11, 23));
  if (message.type === 'invocation' && !filter.modelOnly) {
    // A summary, or with --logs the full view (event, result, error and log lines).
    const i = message.data as InvocationSummary & Partial<InvocationView>;
    if (filter.functionId && i.functionId !== filter.functionId) return undefined;
    const colour: Colour = i.status === 'ok' ? 'green' : 'red';
    const trigger = `${i.trigger.kind}${i.trigger.name ? ` ${i.trigger.name}` : ''}`;
    const init = i.initDurationMs !== undefined ? styleText('yellow', ` cold ${i.initDurationMs.toFixed(0)} ms`) : '';
    const failure = i.errorType ? `${i.errorType}: ${i.errorMessage ?? ''}` : i.error ? JSON.stringify(i.error) : '';
    const error = i.status !== 'ok' && failure ? ` ${styleText('red', failure.slice(0, 200))}` : '';
    const head = `${at} ${styleText('cyan', i.functionId.padEnd(24))} ${styleText(colour, i.status.padEnd(9))} ${i.durationMs.toFixed(1).padStart(8)} ms${init}  ${styleText('dim', trigger)}${error}`;
    return filter.logs && i.logLines?.length ? [head, ...i.logLines.map((line) => styleText('dim', `    ${line}`))].join('\n') : head;
  }
  if (message.type === 'modelCall') {
    const c = message.data as ModelCallView;
    if (filter.functionId && c.functionId !== filter.functionId) return undefined;
    const outcome = c.status === 'ok' ? styleText('green', (c.stopReason ?? 'ok').padEnd(9)) : styleText('red', (c.error?.code ?? 'error').padEnd(9));
    const cost = c.estimatedCostUsd !== undefined ? ` $${c.estimatedCostUsd.toFixed(6)}` : '';
    const speed = `${c.timeToFirstTokenMs !== undefined ? ` first token ${c.timeToFirstTokenMs} ms` : ''}${c.tokensPerSecond !== undefined ? ` ${c.tokensPerSecond.toFixed(0)} tok/s` : ''}`;
    return `${at} ${styleText('magenta', `model ${c.modelId}`)} ${styleText('dim', c.operation)} ${outcome} ${c.inputTokens ?? 0}→${c.outputTokens ?? 0} tokens ${c.latencyMs} ms${speed}${cost}${c.functionId ? styleText('dim', ` from ${c.functionId}`) : ''}`;
  }
  if (message.type === 'execution' && !filter.modelOnly && !filter.functionId) {
    const e = message.data as { stateMachineName: string; name: string; status: string; error?: string };
    const colour: Colour = e.status === 'SUCCEEDED' ? 'green' : e.status === 'RUNNING' ? 'blue' : 'red';
    return `${at} ${styleText('yellow', `execution ${e.stateMachineName}`)} ${styleText(colour, e.status)} ${styleText('dim', e.name)}${e.error ? ` ${styleText('red', e.error)}` : ''}`;
  }
  return undefined;
}
