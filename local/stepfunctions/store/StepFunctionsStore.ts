/**
 * Keeps state machines and executions in memory and, when given a directory, on disk as JSON
 * files (`state-machines/<name>.json`, `executions/<machine>/<execution>.json`) written atomically
 * and durably (temporary file, fsync, rename: `writeStateFile`), so they survive a restart, a crash
 * of the machine included. A damaged file stops the opening with its
 * path and what to do (`StateFileError`). Express executions stay in memory only, as AWS
 * keeps no history of them: the {@link MAX_FINISHED_EXPRESS_EXECUTIONS} last finished ones (for
 * DescribeExecution and the console), so a busy Express workflow does not grow memory forever.
 *
 * An execution found RUNNING when the store opens was cut off by a stop or a crash of the
 * service: it is listed by `interrupted()`, and the execution service resumes it from its
 * checkpoint (or ends it with {@link StepFunctionsStore.endInterrupted} and a cause saying why).
 *
 * A record is rewritten at every top-level state transition; writes to one file are queued, and a
 * write still waiting its turn is replaced by a newer one.
 *
 * With a directory, a finished Standard execution is kept in memory only as its summary (what
 * ListExecutions answers) once its last write is on disk; DescribeExecution and
 * GetExecutionHistory read the rest from its file. Without one (`--ephemeral`), every record stays
 * in memory: that is what an in-memory store is.
 *
 * A closed execution is kept for 90 days after it stopped, by the stack's clock, as AWS keeps its
 * history ({@link CLOSED_EXECUTION_RETENTION_MS}); then it is gone, its file included (and its name
 * free again). Expiry is checked on read: a lookup checks its one execution, a listing (which reads
 * every summary anyway) and the opening sweep them all.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { CLOSED_EXECUTION_RETENTION_MS } from '../limits.js';
import type { ExecutionRecord, ExecutionSummary, StateMachineRecord } from './records.js';
import { parseStateFile, writeStateFile } from '../../stateFile.js';

/** Finished Express executions kept (the oldest go first). */
export const MAX_FINISHED_EXPRESS_EXECUTIONS = 1000;

export const INTERRUPTED_CAUSE = 'The local Step Functions service stopped while this execution was running, and it could not resume';

export class StepFunctionsStore {
  private readonly machines = new Map<string, StateMachineRecord>();
  /** Records kept whole: running executions, Express ones, and all of an in-memory store's. */
  private readonly executions = new Map<string, ExecutionRecord>();
  /** Finished Standard executions of a store on disk: their summaries (the rest is in their files). */
  private readonly finished = new Map<string, ExecutionSummary>();
  /** Finished Express executions, oldest first (a Set keeps insertion order). */
  private readonly finishedExpress = new Set<string>();
  private readonly writes = new Map<string, Promise<void>>();
  /** Text of a write that is queued but not started yet, by file. */
  private readonly pendingText = new Map<string, string>();
  private readonly interruptedArns: string[] = [];

  private constructor(
    private readonly dir: string | undefined,
    private readonly now: () => number,
  ) {}

  /** Opens a store; without a directory everything stays in memory. `now`: the clock retention counts on (the stack's). */
  static async open(dir?: string, now: () => number = Date.now): Promise<StepFunctionsStore> {
    const store = new StepFunctionsStore(dir, now);
    if (dir) await store.load(dir);
    store.removeExpired();
    return store;
  }

  /** Whether records are kept on disk (they survive a restart). */
  get persistent(): boolean {
    return this.dir !== undefined;
  }

  getStateMachine(arn: string): StateMachineRecord | undefined {
    return this.machines.get(arn);
  }

  listStateMachines(): StateMachineRecord[] {
    return [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async putStateMachine(record: StateMachineRecord): Promise<void> {
    this.machines.set(record.stateMachineArn, record);
    await this.write(this.machineFile(record.name), record);
  }

  async deleteStateMachine(arn: string): Promise<void> {
    const record = this.machines.get(arn);
    if (!record) return;
    this.machines.delete(arn);
    if (this.dir) await this.queue(this.machineFile(record.name), () => rm(this.machineFile(record.name)!, { force: true }));
  }

  /** The whole record (a finished Standard execution's is read from its file). */
  async getExecution(arn: string): Promise<ExecutionRecord | undefined> {
    if (!this.hasExecution(arn)) return undefined;
    const record = this.executions.get(arn);
    if (record) return record;
    const summary = this.finished.get(arn);
    return summary && readExecution(this.executionFile(summary)!);
  }

  /** Whether an execution of that ARN exists (running, or closed less than 90 days ago). */
  hasExecution(arn: string): boolean {
    const summary = this.executions.get(arn) ?? this.finished.get(arn);
    if (!summary) return false;
    if (!this.expired(summary)) return true;
    this.remove(summary);
    return false;
  }

  listExecutions(stateMachineArn: string): ExecutionSummary[] {
    this.removeExpired();
    return [...this.executions.values(), ...this.finished.values()]
      .filter((e) => e.stateMachineArn === stateMachineArn)
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  /** Executions whose whole record is in memory (the rest are summaries of records on disk). */
  get recordsInMemory(): number {
    return this.executions.size;
  }

  /** Stores (or re-stores after a change) an execution. */
  async putExecution(record: ExecutionRecord): Promise<void> {
    this.executions.set(record.executionArn, record);
    if (record.type !== 'STANDARD') return this.keepFinishedExpress(record);
    const file = this.executionFile(record);
    await this.write(file, record);
    // Finished and its last write on disk: it will not change again, so memory keeps only what listings need.
    if (file && record.status !== 'RUNNING' && !this.writes.has(file) && this.executions.get(record.executionArn) === record) {
      this.executions.delete(record.executionArn);
      this.finished.set(record.executionArn, summaryOf(record));
    }
  }

  private keepFinishedExpress(record: ExecutionRecord): void {
    if (record.status === 'RUNNING') return;
    this.finishedExpress.add(record.executionArn);
    for (const arn of this.finishedExpress) {
      if (this.finishedExpress.size <= MAX_FINISHED_EXPRESS_EXECUTIONS) break;
      this.finishedExpress.delete(arn);
      this.executions.delete(arn);
    }
  }

  /** Standard executions that were RUNNING when the store was last closed or the process died. */
  interrupted(): ExecutionRecord[] {
    return this.interruptedArns.splice(0).flatMap((arn) => this.executions.get(arn) ?? []);
  }

  /** Ends an interrupted execution that cannot resume: ABORTED, with an `ExecutionAborted` event giving the cause. */
  async endInterrupted(record: ExecutionRecord, cause: string): Promise<void> {
    const last = record.history[record.history.length - 1];
    record.status = 'ABORTED';
    record.stopDate = new Date();
    record.cause = cause;
    record.history.push({
      timestamp: record.stopDate,
      type: 'ExecutionAborted',
      id: record.history.length + 1,
      previousEventId: last?.id ?? 0,
      executionAbortedEventDetails: { cause },
    });
    await this.putExecution(record);
  }

  /** Forgets the executions closed more than 90 days ago by the clock, their files included. */
  removeExpired(): void {
    for (const summary of [...this.executions.values(), ...this.finished.values()]) {
      if (this.expired(summary)) this.remove(summary);
    }
  }

  private expired(summary: ExecutionSummary): boolean {
    return summary.status !== 'RUNNING' && summary.stopDate !== undefined && this.now() - summary.stopDate.getTime() > CLOSED_EXECUTION_RETENTION_MS;
  }

  private remove(summary: ExecutionSummary): void {
    this.executions.delete(summary.executionArn);
    this.finished.delete(summary.executionArn);
    this.finishedExpress.delete(summary.executionArn);
    const file = summary.type === 'STANDARD' ? this.executionFile(summary) : undefined;
    void this.queue(file, () => rm(file!, { force: true }));
  }

  /** Waits for every pending write (before shutdown). */
  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  private machineFile(name: string): string | undefined {
    return this.dir && path.join(this.dir, 'state-machines', `${encodeURIComponent(name)}.json`);
  }

  private executionFile(record: Pick<ExecutionRecord, 'stateMachineName' | 'name'>): string | undefined {
    return this.dir && path.join(this.dir, 'executions', encodeURIComponent(record.stateMachineName), `${encodeURIComponent(record.name)}.json`);
  }

  private write(file: string | undefined, record: object): Promise<void> {
    if (!file) return Promise.resolve();
    // Serialise now: the record may change while the write waits its turn.
    const queued = this.pendingText.has(file);
    this.pendingText.set(file, JSON.stringify(record));
    if (queued) return this.writes.get(file)!;
    return this.queue(file, async () => {
      const text = this.pendingText.get(file)!;
      this.pendingText.delete(file);
      await writeStateFile(file, text);
    });
  }

  /** Runs writes to one file one after the other. */
  private queue(file: string | undefined, task: () => Promise<void>): Promise<void> {
    if (!file) return Promise.resolve();
    const previous = this.writes.get(file) ?? Promise.resolve();
    const next = previous.then(task, task);
    this.writes.set(file, next);
    void next.finally(() => {
      if (this.writes.get(file) === next) this.writes.delete(file);
    });
    return next;
  }

  private async load(dir: string): Promise<void> {
    for (const file of await jsonFiles(path.join(dir, 'state-machines'))) {
      const record = reviveMachine(parseStateFile(file, await readFile(file, 'utf8'), DAMAGED_REMEDY, isMachine));
      this.machines.set(record.stateMachineArn, record);
    }
    const executionsDir = path.join(dir, 'executions');
    for (const machineDir of await subdirectories(executionsDir)) {
      for (const file of await jsonFiles(machineDir)) {
        // Written atomically, so a torn file means damage from outside: reported, never skipped.
        const record = await readExecution(file);
        if (record.status !== 'RUNNING' && record.type === 'STANDARD') {
          this.finished.set(record.executionArn, summaryOf(record));
          continue;
        }
        this.executions.set(record.executionArn, record);
        if (record.status === 'RUNNING') this.interruptedArns.push(record.executionArn);
      }
    }
  }
}

const DAMAGED_REMEDY = 'It is a record of the local Step Functions service. Repair it, or delete it (the template\'s state machines are registered again at start).';

const isMachine = (value: unknown): value is StateMachineRecord =>
  typeof value === 'object' && value !== null && typeof (value as StateMachineRecord).stateMachineArn === 'string' && typeof (value as StateMachineRecord).definition === 'string';

const isExecution = (value: unknown): value is ExecutionRecord =>
  typeof value === 'object' && value !== null && typeof (value as ExecutionRecord).executionArn === 'string' && Array.isArray((value as ExecutionRecord).history);

async function readExecution(file: string): Promise<ExecutionRecord> {
  return reviveExecution(parseStateFile(file, await readFile(file, 'utf8'), DAMAGED_REMEDY, isExecution));
}

function summaryOf(record: ExecutionRecord): ExecutionSummary {
  const { executionArn, stateMachineArn, stateMachineName, name, type, status, startDate, stopDate } = record;
  return { executionArn, stateMachineArn, stateMachineName, name, type, status, startDate, ...(stopDate ? { stopDate } : {}) };
}

function reviveMachine(record: StateMachineRecord): StateMachineRecord {
  return { ...record, creationDate: new Date(record.creationDate), updateDate: record.updateDate && new Date(record.updateDate) };
}

function reviveExecution(record: ExecutionRecord): ExecutionRecord {
  return {
    ...record,
    startDate: new Date(record.startDate),
    stopDate: record.stopDate && new Date(record.stopDate),
    history: record.history.map((event: HistoryEvent) => ({ ...event, timestamp: event.timestamp && new Date(event.timestamp) })),
  };
}

async function jsonFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

async function subdirectories(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(dir, d.name));
  } catch {
    return [];
  }
}
