/**
 * The code of a process-run function (Python, custom runtime): its task root is the `sam build`
 * artifact (`.aws-sam/build/<LogicalId>`) when there is one, as `sam local` uses it, else `CodeUri`.
 * Nothing is built. When watching, a change under the task root bumps `generation`, which retires
 * the environments running older code before their next invocation.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeOutcome, CodeSource } from '../ExecutionEnvironment.js';
import { invalidEntrypointError } from '../errors.js';
import { SourceWatcher } from '../SourceWatcher.js';
import type { FunctionError } from '../types.js';

export interface ProcessCode {
  /** `LAMBDA_TASK_ROOT` and the working directory. */
  taskRoot: string;
}

export interface ProcessFunctionCodeOptions {
  codeDir: string;
  /** `<template dir>/.aws-sam/build/<LogicalId>`: used instead of `codeDir` when it exists. */
  samBuildDir: string;
  /** Custom runtimes need an executable `bootstrap` in the task root. */
  needsBootstrap: boolean;
  watch: boolean;
  /** Called after each change was seen (the next invocation runs the new code). */
  onChange(outcome: CodeOutcome<ProcessCode>, durationMs: number): void;
}

export class ProcessFunctionCode implements CodeSource<ProcessCode> {
  private generation = 0;
  private watcher: SourceWatcher | undefined;
  readonly taskRoot: string;

  constructor(private readonly options: ProcessFunctionCodeOptions) {
    this.taskRoot = existsSync(options.samBuildDir) ? options.samBuildDir : options.codeDir;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** True when the task root is a `sam build` artifact rather than `CodeUri`. */
  get usesBuildArtifact(): boolean {
    return this.taskRoot === this.options.samBuildDir;
  }

  current(): Promise<CodeOutcome<ProcessCode>> {
    if (this.options.watch && !this.watcher) this.startWatching();
    return Promise.resolve(this.outcome());
  }

  async close(): Promise<void> {
    this.watcher?.close();
  }

  private outcome(): CodeOutcome<ProcessCode> {
    const error = this.options.needsBootstrap ? bootstrapProblem(this.taskRoot) : undefined;
    return error ? { ok: false, error, generation: this.generation } : { ok: true, code: { taskRoot: this.taskRoot }, generation: this.generation };
  }

  private startWatching(): void {
    this.watcher = new SourceWatcher(() => {
      this.generation++;
      this.options.onChange(this.outcome(), 0);
    }, join(this.taskRoot, '.local'));
    this.watcher.watchDirectories([{ path: this.taskRoot, recursive: true }]);
  }
}

/** Why `<taskRoot>/bootstrap` cannot start, in Lambda's words; undefined when it can. */
function bootstrapProblem(taskRoot: string): FunctionError | undefined {
  const bootstrap = join(taskRoot, 'bootstrap');
  try {
    if (!statSync(bootstrap).isFile()) return invalidEntrypointError(`Couldn't find valid bootstrap(s): [${bootstrap}]`);
  } catch {
    return invalidEntrypointError(`Couldn't find valid bootstrap(s): [${bootstrap}]`);
  }
  try {
    accessSync(bootstrap, constants.X_OK);
  } catch {
    return invalidEntrypointError(`fork/exec ${bootstrap}: permission denied`);
  }
  return undefined;
}
