/**
 * The state machine half of the Step Functions API: Create/Update/Delete/List/DescribeStateMachine,
 * and registering the template's machines at start (the template's definition wins over a stored
 * one of the same name).
 */
import type {
  CreateStateMachineCommandInput,
  CreateStateMachineCommandOutput,
  DeleteStateMachineCommandInput,
  DeleteStateMachineCommandOutput,
  DescribeStateMachineCommandInput,
  DescribeStateMachineCommandOutput,
  ListStateMachinesCommandInput,
  ListStateMachinesCommandOutput,
  UpdateStateMachineCommandInput,
  UpdateStateMachineCommandOutput,
} from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from '../engine/aslTypes.js';
import { SfnApiError } from '../errors.js';
import type { StateMachineRecord } from '../store/records.js';
import type { StepFunctionsStore } from '../store/StepFunctionsStore.js';
import type { StateMachineDef } from '../../template/model.js';
import { checkName, parseStateMachineArn, stateMachineArn } from './arns.js';
import { pageOf } from './pagination.js';
import { DefinitionError, validateDefinition } from './validateDefinition.js';

type Output<T> = Omit<T, '$metadata'>;

export class StateMachineRegistry {
  private readonly parsed = new Map<string, StateMachineDefinition>();

  constructor(private readonly store: StepFunctionsStore) {
    for (const record of store.listStateMachines()) {
      try {
        this.parsed.set(record.stateMachineArn, validateDefinition(record.definition));
      } catch {
        // A stored machine that no longer validates stays listed; starting it fails clearly.
      }
    }
  }

  /**
   * Registers the template's state machines.
   * @throws DefinitionError naming the machine, the state and the reason.
   */
  async registerTemplateMachines(machines: readonly StateMachineDef[]): Promise<void> {
    for (const machine of machines) {
      let definition: StateMachineDefinition;
      try {
        definition = validateDefinition(machine.definition);
      } catch (error) {
        throw new DefinitionError(`State machine ${machine.logicalId} (${machine.name}): ${(error as Error).message}`);
      }
      const text = JSON.stringify(machine.definition, null, 2);
      const existing = this.store.getStateMachine(machine.arn);
      if (existing?.definition === text && existing.roleArn === machine.roleArn && existing.type === machine.type) {
        // Unchanged since the last start: keep the stored record and its dates.
        this.parsed.set(machine.arn, definition);
        continue;
      }
      const now = new Date();
      await this.save(
        {
          stateMachineArn: machine.arn,
          name: machine.name,
          type: machine.type,
          definition: text,
          roleArn: machine.roleArn,
          creationDate: existing?.creationDate ?? now,
          updateDate: existing ? now : undefined,
        },
        definition,
      );
    }
  }

  /** The machine and its parsed definition. */
  get(arn: string | undefined): { record: StateMachineRecord; definition: StateMachineDefinition; testCase?: string } {
    const { arn: base, testCase } = parseStateMachineArn(arn);
    const record = this.store.getStateMachine(base);
    if (!record) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${base}'`);
    const definition = this.parsed.get(base);
    if (!definition) throw new SfnApiError('InvalidDefinition', `The stored definition of '${base}' is not valid`);
    return { record, definition, testCase };
  }

  async createStateMachine(input: CreateStateMachineCommandInput): Promise<Output<CreateStateMachineCommandOutput>> {
    const name = checkName(input.name ?? '', 'state machine');
    const definition = parseDefinition(input.definition);
    if (!input.roleArn) throw new SfnApiError('ValidationException', "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
    const type = input.type ?? 'STANDARD';
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw new SfnApiError('ValidationException', `Invalid type '${String(type)}'`);
    const arn = stateMachineArn(name);
    const existing = this.store.getStateMachine(arn);
    if (existing) {
      if (existing.definition === input.definition && existing.roleArn === input.roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: existing.creationDate };
      }
      throw new SfnApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = { stateMachineArn: arn, name, type, definition: input.definition!, roleArn: input.roleArn, creationDate: new Date() };
    await this.save(record, definition);
    return { stateMachineArn: arn, creationDate: record.creationDate };
  }

  async updateStateMachine(input: UpdateStateMachineCommandInput): Promise<Output<UpdateStateMachineCommandOutput>> {
    const { record } = this.get(input.stateMachineArn);
    if (input.definition === undefined && input.roleArn === undefined) {
      throw new SfnApiError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified');
    }
    const definition = input.definition === undefined ? this.parsed.get(record.stateMachineArn)! : parseDefinition(input.definition);
    const updated: StateMachineRecord = {
      ...record,
      definition: input.definition ?? record.definition,
      roleArn: input.roleArn ?? record.roleArn,
      updateDate: new Date(),
    };
    await this.save(updated, definition);
    return { updateDate: updated.updateDate };
  }

  async deleteStateMachine(input: DeleteStateMachineCommandInput): Promise<Output<DeleteStateMachineCommandOutput>> {
    const { arn } = parseStateMachineArn(input.stateMachineArn);
    await this.store.deleteStateMachine(arn);
    this.parsed.delete(arn);
    return {};
  }

  async listStateMachines(input: ListStateMachinesCommandInput): Promise<Output<ListStateMachinesCommandOutput>> {
    const page = pageOf(this.store.listStateMachines(), input.maxResults, input.nextToken);
    return {
      stateMachines: page.items.map((m) => ({ stateMachineArn: m.stateMachineArn, name: m.name, type: m.type, creationDate: m.creationDate })),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  async describeStateMachine(input: DescribeStateMachineCommandInput): Promise<Output<DescribeStateMachineCommandOutput>> {
    const { record } = this.get(input.stateMachineArn);
    return {
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: 'ACTIVE',
      definition: record.definition,
      roleArn: record.roleArn,
      type: record.type,
      creationDate: record.creationDate,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  private async save(record: StateMachineRecord, definition: StateMachineDefinition): Promise<void> {
    this.parsed.set(record.stateMachineArn, definition);
    await this.store.putStateMachine(record);
  }
}

function parseDefinition(text: string | undefined): StateMachineDefinition {
  if (text === undefined) throw new SfnApiError('ValidationException', "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  try {
    return validateDefinition(text);
  } catch (error) {
    throw new SfnApiError('InvalidDefinition', `Invalid State Machine Definition: '${(error as Error).message}'`);
  }
}
