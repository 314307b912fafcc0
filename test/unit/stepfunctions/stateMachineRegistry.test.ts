import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StateMachineRegistry } from '../../../local/stepfunctions/service/StateMachineRegistry.js';
import { StepFunctionsStore } from '../../../local/stepfunctions/store/StepFunctionsStore.js';
import type { StateMachineDef } from '../../../local/template/model.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const machine: StateMachineDef = {
  logicalId: 'Flow',
  name: 'Flow',
  arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Flow',
  type: 'STANDARD',
  definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
  roleArn: 'arn:aws:iam::000000000000:role/local',
};

async function reopen(dir: string): Promise<{ store: StepFunctionsStore; registry: StateMachineRegistry }> {
  const store = await StepFunctionsStore.open(dir);
  return { store, registry: new StateMachineRegistry(store) };
}

describe('StateMachineRegistry.registerTemplateMachines', () => {
  it('leaves an unchanged template machine as stored, and saves a changed one with an update date', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sfn-registry-'));
    dirs.push(dir);
    const first = await reopen(dir);
    await first.registry.registerTemplateMachines([machine]);
    await first.store.flush();
    const created = first.store.getStateMachine(machine.arn)!;

    const unchanged = await reopen(dir);
    const save = vi.spyOn(unchanged.store, 'putStateMachine');
    await unchanged.registry.registerTemplateMachines([machine]);
    expect(save).not.toHaveBeenCalled();
    expect(unchanged.store.getStateMachine(machine.arn)).toMatchObject({ creationDate: created.creationDate, updateDate: undefined });
    expect(unchanged.registry.get(machine.arn).definition.StartAt).toBe('Done');

    const changed = await reopen(dir);
    await changed.registry.registerTemplateMachines([{ ...machine, roleArn: 'arn:aws:iam::000000000000:role/other' }]);
    expect(changed.store.getStateMachine(machine.arn)).toMatchObject({ creationDate: created.creationDate, roleArn: 'arn:aws:iam::000000000000:role/other' });
    expect(changed.store.getStateMachine(machine.arn)!.updateDate).toBeInstanceOf(Date);
  });
});
