/**
 * Map (inline): runs the item processor for each item of `ItemsPath` (JSONPath) or `Items`
 * (JSONata), `MaxConcurrency` at a time (0 = all at once), with `ItemSelector` reading
 * `$$.Map.Item`. Distributed maps with an `ItemReader` are not emulated.
 */
import type { ExecutionFrame } from '../executionFrame.js';
import { contextObject } from '../executionFrame.js';
import { runWithRetryAndCatch } from '../faultTolerance.js';
import type { Json } from '../json.js';
import { readPath } from '../jsonPath.js';
import { evaluateJsonataTemplate } from '../jsonataEvaluator.js';
import { resolvePayloadTemplate } from '../payloadTemplate.js';
import { runStateGraph } from '../stateGraphRunner.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { StatesError, StatesErrorName } from '../statesError.js';
import { runChildren } from './runChildren.js';

export async function runMapState(step: StateStep): Promise<StateOutcome> {
  const { frame, state } = step;
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError(StatesErrorName.Runtime, `Map state '${step.name}' has no ItemProcessor`);
  if (state.ItemReader !== undefined) {
    throw new StatesError(StatesErrorName.Runtime, `Map state '${step.name}': ItemReader (distributed map over S3) is not supported locally`);
  }
  return runWithRetryAndCatch(step, async () => {
    const { items, selectorInput } = await readItems(step);
    const maxConcurrency = await readMaxConcurrency(step);
    frame.thread.add('MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
    const results: Json[] = new Array<Json>(items.length).fill(null);
    let nextIndex = 0;
    const worker = async (signal: AbortSignal): Promise<void> => {
      while (nextIndex < items.length && !signal.aborted) {
        const index = nextIndex;
        nextIndex += 1;
        results[index] = await runIteration(step, processor, index, items[index], selectorInput, signal);
      }
    };
    const workers = maxConcurrency === 0 ? items.length : Math.min(maxConcurrency, items.length);
    await runChildren(frame, 'MapStateFailed', (signal) => Array.from({ length: workers }, () => worker(signal)));
    frame.thread.add('MapStateSucceeded');
    return step.finish(results, { useResultSelector: true });
  });
}

async function readItems(step: StateStep): Promise<{ items: Json[]; selectorInput: Json }> {
  const { state } = step;
  let items: Json;
  let selectorInput: Json;
  if (step.isJsonata) {
    selectorInput = step.input;
    items = state.Items === undefined ? step.input : await step.jsonata(state.Items, 'Items');
  } else {
    selectorInput = step.applyInputPath();
    items = state.ItemsPath ? readPath(state.ItemsPath, selectorInput, step.pathScope(), 'ItemsPath') : selectorInput;
  }
  if (!Array.isArray(items)) {
    throw new StatesError(StatesErrorName.Runtime, `Map state '${step.name}': the items must be a JSON array, got ${JSON.stringify(items)}`);
  }
  return { items, selectorInput };
}

async function readMaxConcurrency(step: StateStep): Promise<number> {
  const { state } = step;
  const value = await step.numberField('MaxConcurrency', state.MaxConcurrency, state.MaxConcurrencyPath, (n) => n >= 0 && Number.isInteger(n));
  return value ?? 0;
}

async function runIteration(
  step: StateStep,
  processor: NonNullable<StateStep['state']['ItemProcessor']>,
  index: number,
  item: Json,
  selectorInput: Json,
  signal: AbortSignal,
): Promise<Json> {
  const { frame, state } = step;
  const iterationFrame: ExecutionFrame = {
    ...frame,
    thread: frame.thread.fork(),
    variables: frame.variables.child(),
    queryLanguage: processor.QueryLanguage ?? step.language,
    signal,
    mapItem: { Index: index, Value: item },
  };
  const details = { name: step.name, index };
  const context = contextObject(iterationFrame, step.name, step.enteredTime, step.retryCount);
  const selector = state.ItemSelector ?? state.Parameters;
  let iterationInput = item;
  if (selector !== undefined) {
    iterationInput = step.isJsonata
      ? await evaluateJsonataTemplate(selector, { input: step.input, context }, frame.variables.visible(), 'ItemSelector')
      : resolvePayloadTemplate(selector, selectorInput, { context, variable: (name) => frame.variables.get(name) });
  }
  iterationFrame.thread.add('MapIterationStarted', { mapIterationStartedEventDetails: details });
  try {
    const output = await runStateGraph(processor, iterationInput, iterationFrame);
    iterationFrame.thread.add('MapIterationSucceeded', { mapIterationSucceededEventDetails: details });
    return output;
  } catch (thrown) {
    // Aborted means the whole Map is stopping (a sibling failed, or the execution ended).
    if (signal.aborted) {
      iterationFrame.thread.add('MapIterationAborted', { mapIterationAbortedEventDetails: details });
    } else {
      iterationFrame.thread.add('MapIterationFailed', { mapIterationFailedEventDetails: details });
    }
    throw thrown;
  }
}
