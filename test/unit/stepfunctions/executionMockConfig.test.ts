import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LambdaRuntime } from '../../../local/runtime/types.js';
import { StepFunctionsService } from '../../../local/stepfunctions/service/StepFunctionsService.js';

const ROLE = 'arn:aws:iam::000000000000:role/local';
const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:work';
const definition = JSON.stringify({ StartAt: 'Call', States: { Call: { Type: 'Task', Resource: FUNCTION, End: true } } });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A service whose mock config lives at `mocks.json` in a fresh directory, with a Lambda runtime calling `onInvoke`. */
async function serviceWith(mockContent: string | undefined, onInvoke: () => void = () => undefined) {
  const dir = await mkdtemp(path.join(tmpdir(), 'sfn-mock-'));
  const mockConfigPath = path.join(dir, 'mocks.json');
  if (mockContent !== undefined) await writeFile(mockConfigPath, mockContent);
  const runtime: LambdaRuntime = {
    invoke: async () => {
      onInvoke();
      return { status: 'ok', payload: { done: true }, durationMs: 1 };
    },
    close: async () => undefined,
  };
  const service = await StepFunctionsService.create({ mockConfigPath, runtime, waitScale: 0 });
  cleanups.push(async () => {
    await service.close();
    await rm(dir, { recursive: true, force: true });
  });
  const { stateMachineArn } = await service.machines.createStateMachine({ name: 'M', definition, roleArn: ROLE });
  return { service, stateMachineArn: stateMachineArn!, mockConfigPath };
}

describe('executions and the mock config file', () => {
  it.each([
    ['missing', undefined],
    ['not JSON', '{not json'],
  ])('finish without a test case when the mock config file is %s', async (_, content) => {
    const { service, stateMachineArn } = await serviceWith(content);
    const { executionArn } = await service.executions.startExecution({ stateMachineArn, input: '{}' });
    await expect(service.executions.waitFor(executionArn!)).resolves.toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
  });

  it('finish a test case execution even when the mock config file disappears meanwhile', async () => {
    const mocks = { StateMachines: { M: { TestCases: { Case: { Other: 'Answer' } } } }, MockedResponses: { Answer: { '0': { Return: 1 } } } };
    let mockPath = '';
    const { service, stateMachineArn, mockConfigPath } = await serviceWith(JSON.stringify(mocks), () => unlinkSync(mockPath));
    mockPath = mockConfigPath;
    const { executionArn } = await service.executions.startExecution({ stateMachineArn: `${stateMachineArn}#Case`, input: '{}' });
    await expect(service.executions.waitFor(executionArn!)).resolves.toMatchObject({ status: 'SUCCEEDED' });
  });
});
