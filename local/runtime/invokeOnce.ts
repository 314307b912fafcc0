/** One invocation in a throwaway runtime, for `genai-kit invoke` (prints nothing itself). */
import type { TemplateModel } from '../template/model.js';
import { createLambdaRuntime, type RuntimeOptions } from './createLambdaRuntime.js';
import type { InvokeResult } from './types.js';

export interface InvokeOnceResult {
  result: InvokeResult;
  /** The invocation's REPORT line (Duration, Billed Duration, Memory, Init Duration). */
  report: string;
  /** Everything else the function and the runtime logged, in order (START, function output, END). */
  logs: string[];
}

/**
 * Builds the function, invokes it once (a cold start), and stops the runtime.
 *
 * @example
 * const { result, report } = await invokeOnce(model, 'ChatFunction', event, { buildDir: '.local/build' });
 */
export async function invokeOnce(
  model: TemplateModel,
  functionId: string,
  event: unknown,
  options: Omit<RuntimeOptions, 'log' | 'watch' | 'onReload'>,
): Promise<InvokeOnceResult> {
  const logs: string[] = [];
  let report = '';
  const runtime = await createLambdaRuntime(model, {
    ...options,
    log: (line) => {
      if (line.startsWith('REPORT RequestId:')) report = line;
      else logs.push(line);
    },
  });
  try {
    const result = await runtime.invoke(functionId, event);
    return { result, report, logs };
  } finally {
    await runtime.close();
  }
}
