/**
 * The stack keeps its function invocations for tests by default; `genai-kit start` turns that off
 * (`invocationLog: false`): nothing reads them there, and each kept event would cost the collector.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startStack, type RunningStack } from '../../local/stack.js';
import { quietLog } from './harness/startTestStack.js';

const stacks: RunningStack[] = [];
afterAll(async () => {
  await Promise.all(stacks.map((stack) => stack.close()));
});

async function invokedOnce(invocationLog: boolean | undefined): Promise<RunningStack> {
  const stack = await startStack({ ephemeral: true, ports: 'random', watch: false, console: false, writeEndpointsFile: false, log: quietLog().log, ...(invocationLog === undefined ? {} : { invocationLog }) });
  stacks.push(stack);
  const fn = stack.model.functions[0];
  await stack.runtime.invoke(fn.logicalId, { probe: true });
  return stack;
}

describe('the stack’s invocation log', () => {
  it('keeps each invocation by default, and none with invocationLog: false', async () => {
    const [kept, off] = await Promise.all([invokedOnce(undefined), invokedOnce(false)]);
    expect(kept.invocations.list().map((record) => record.event)).toEqual([{ probe: true }]);
    expect(off.invocations.list()).toEqual([]);
  }, 120_000);
});
