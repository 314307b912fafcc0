/**
 * Vitest helpers: one stack per suite, started in `globalSetup` and shared by every test file,
 * and the Bedrock matchers.
 *
 *   // vitest.config.ts:  test: { globalSetup: ['test/stack.setup.ts'] }
 *   // test/stack.setup.ts
 *   export default stackSetup({ template: 'template.yaml' });
 *   // any test file
 *   const stack = useStack();
 *   await expect(stack.bedrock).toHaveBeenCalledWithPrompt('Hello');
 */
import { expect, inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { bedrockMatchers, type BedrockMatchers } from './bedrockMatchers.js';
import { remoteControl, startControlServer } from './controlServer.js';
import { NotInStackError, TestingError } from './errors.js';
import type { StackControl } from './StackControl.js';
import type { StackDescription } from './StackDescription.js';
import type { TestStackOptions } from './startStack.js';
import { TestStack } from './TestStack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The suite's stack, as `stackSetup` provides it to test files. */
    genaiKitStack: StackDescription;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type -- vitest's own declaration merging shape
  interface Matchers<T = any> extends BedrockMatchers<T> {}
}

expect.extend(bedrockMatchers);

/**
 * A vitest `globalSetup` that starts one stack for the suite (the options of `startStack`, or a
 * function that starts it some other way), provides its description to every test file, serves its
 * control endpoint (tokens, function invocations, clock) and stops it after the last file.
 *
 * @example
 * // test/stack.setup.ts, named in vitest.config.ts's test.globalSetup
 * import { stackSetup } from 'serverless-genai-kit/testing/vitest';
 * export default stackSetup({ template: 'template.yaml', parameterOverrides: { Stage: 'test' } });
 */
export function stackSetup(start: TestStackOptions | (() => Promise<TestStack>)): (project: TestProject) => Promise<() => Promise<void>> {
  return async (project) => {
    // Imported here: test files import this module for useStack() and need none of the stack's code.
    const stack = typeof start === 'function' ? await start() : await (await import('./startStack.js')).startStack(start);
    const control = await startControlServer(controlOf(stack)).catch(async (error: unknown) => {
      await stack.stop();
      throw error;
    });
    project.provide('genaiKitStack', { ...stack.description, controlUrl: control.url });
    return async () => {
      await control.close();
      try {
        await stack.stop();
      } catch (error) {
        // Vitest prints a teardown error but does not fail the run for it: this does (a replay miss, a container that died).
        process.exitCode = 1;
        throw error;
      }
    };
  };
}

/** What the control endpoint serves of a stack: its tokens, its function invocations, its clock if it has one. */
function controlOf(stack: TestStack): StackControl {
  return {
    tokenFor: (user, options) => stack.tokenFor(user, options),
    invocations: (functionRef) => stack.invocations(functionRef),
    ...(stack.description.clock ? { clock: stack.clock } : {}),
  };
}

let shared: TestStack | undefined;

/**
 * The suite's stack in a test file (started by {@link stackSetup}): the same `TestStack` API, its
 * clients made in this worker, tokens, invocations and the clock reached through the control endpoint.
 */
export function useStack(): TestStack {
  if (shared) return shared;
  let description: StackDescription;
  try {
    description = inject('genaiKitStack');
  } catch (error) {
    throw new TestingError('useStack() needs a globalSetup that runs stackSetup() (vitest.config.ts: test.globalSetup)', { cause: error });
  }
  if (!description) throw new TestingError('useStack(): no stack was provided: add a globalSetup file that exports stackSetup(…) (vitest.config.ts: test.globalSetup)');
  shared = new TestStack(description, description.controlUrl ? remoteControl(description.controlUrl, description.clock ?? false) : withoutControl());
  return shared;
}

function withoutControl(): StackControl {
  const missing = () => Promise.reject(new NotInStackError('this stack has no control endpoint (it was described without one)'));
  return { tokenFor: missing, invocations: missing };
}

export { bedrockMatchers, type BedrockMatchers } from './bedrockMatchers.js';
export type { ApiRequestInit, ApiResponse } from './apiRequest.js';
export type { Endpoints } from '../stack/endpointsFile.js';
export type { TestStack };
