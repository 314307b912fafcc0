import type { TestProject } from 'vitest/node';
import type { Endpoints } from '../../../local/stack/endpointsFile.js';
import { startTestStack, type TestTokens } from './startTestStack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
    stackKind: string;
    tokens: TestTokens;
  }
}

/** Starts the one stack the integration tests share and hands its endpoints to every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startTestStack();
  project.provide('endpoints', stack.endpoints);
  project.provide('stackKind', stack.kind);
  project.provide('tokens', stack.tokens);
  process.stdout.write(`integration stack: ${stack.kind}\n`);
  return () => stack.close();
}
