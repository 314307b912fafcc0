/**
 * Mocked service responses in Step Functions Local's `MockConfigFile` format:
 *
 *     { "StateMachines": { "<machine name>": { "TestCases": { "<case>": { "<state>": "<mocked response>" } } } },
 *       "MockedResponses": { "<mocked response>": { "0": { "Return": {…} }, "1-2": { "Throw": { "Error": "…", "Cause": "…" } } } } }
 *
 * An execution runs a test case when it is started with `…:stateMachine:<name>#<case>`. The keys of a
 * mocked response count the state's invocations (retries included) from 0; past the last key the
 * last response is used again.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Json } from '../engine/json.js';
import { isJsonObject } from '../engine/json.js';
import { StatesError } from '../engine/statesError.js';

export interface MockedResponseStep {
  Return?: Json;
  Throw?: { Error: string; Cause?: string };
}

export interface MockConfigDocument {
  StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }>;
  MockedResponses: Record<string, Record<string, MockedResponseStep>>;
}

/** Raised when a mock config file cannot be used; the message says where. */
export class MockConfigError extends Error {
  override readonly name = 'MockConfigError';
}

export class MockConfig {
  private readonly invocations = new Map<string, number>();

  constructor(private readonly document: MockConfigDocument) {
    validate(document);
  }

  /** True when the machine has this test case. */
  hasTestCase(stateMachineName: string, testCase: string): boolean {
    return Boolean(this.document.StateMachines[stateMachineName]?.TestCases[testCase]);
  }

  /**
   * The mocked answer for a state's next invocation in an execution, or undefined when the state
   * is not mocked in this test case (it then runs for real).
   */
  next(stateMachineName: string, testCase: string, stateName: string, executionArn: string): MockedResponseStep | undefined {
    const responseName = this.document.StateMachines[stateMachineName]?.TestCases[testCase]?.[stateName];
    if (!responseName) return undefined;
    const steps = this.document.MockedResponses[responseName];
    const key = `${executionArn}\u0000${stateName}`;
    const count = this.invocations.get(key) ?? 0;
    this.invocations.set(key, count + 1);
    let chosen: MockedResponseStep | undefined;
    let highest = -1;
    for (const [range, step] of Object.entries(steps)) {
      const [from, to] = parseRange(range);
      if (count >= from && count <= to) return step;
      if (to > highest) {
        highest = to;
        chosen = step;
      }
    }
    return chosen;
  }

  /** Forgets an execution's invocation counts (when it ends). */
  forget(executionArn: string): void {
    for (const key of this.invocations.keys()) if (key.startsWith(`${executionArn}\u0000`)) this.invocations.delete(key);
  }
}

/** Turns a mocked step into the task's result, or throws its error. */
export function applyMockedStep(step: MockedResponseStep): Json {
  if (step.Throw) throw new StatesError(step.Throw.Error, step.Throw.Cause ?? '');
  return step.Return ?? null;
}

function parseRange(range: string): [number, number] {
  const match = /^(\d+)(?:-(\d+))?$/.exec(range.trim());
  if (!match) throw new MockConfigError(`Invalid invocation range '${range}' (expected "0" or "1-3")`);
  return [Number(match[1]), Number(match[2] ?? match[1])];
}

function validate(document: MockConfigDocument): void {
  if (!isJsonObject(document as unknown as Json) || !isJsonObject(document.StateMachines as unknown as Json) || !isJsonObject(document.MockedResponses as unknown as Json)) {
    throw new MockConfigError('A mock config needs the objects "StateMachines" and "MockedResponses"');
  }
  for (const [machine, { TestCases }] of Object.entries(document.StateMachines)) {
    for (const [testCase, states] of Object.entries(TestCases ?? {})) {
      for (const [state, response] of Object.entries(states)) {
        if (!document.MockedResponses[response]) {
          throw new MockConfigError(`StateMachines.${machine}.TestCases.${testCase}.${state} names the mocked response '${response}', which MockedResponses does not define`);
        }
      }
    }
  }
  for (const [name, steps] of Object.entries(document.MockedResponses)) {
    for (const [range, step] of Object.entries(steps)) {
      parseRange(range);
      if ((step.Return === undefined) === (step.Throw === undefined)) {
        throw new MockConfigError(`MockedResponses.${name}.${range} must have exactly one of "Return" or "Throw"`);
      }
    }
  }
}

/** Loads a mock config file, re-reading it when it changes on disk. */
export class MockConfigFile {
  private loaded?: { mtimeMs: number; config: MockConfig };

  constructor(readonly path: string) {}

  current(): MockConfig {
    const { mtimeMs } = statSync(this.path);
    if (!this.loaded || this.loaded.mtimeMs !== mtimeMs) {
      let document: MockConfigDocument;
      try {
        document = JSON.parse(readFileSync(this.path, 'utf8')) as MockConfigDocument;
      } catch (error) {
        throw new MockConfigError(`Cannot read the mock config ${this.path}: ${(error as Error).message}`);
      }
      this.loaded = { mtimeMs, config: new MockConfig(document) };
    }
    return this.loaded.config;
  }
}
