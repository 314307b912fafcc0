/**
 * One visit of one state: its raw input, its context object, and the input/output processing
 * of its query language — JSONPath (`InputPath` → `Parameters` → … → `ResultSelector` →
 * `ResultPath` → `OutputPath`) or JSONata (`Arguments`, `Output`), plus `Assign` in both.
 */
import type { AslState, QueryLanguage } from './aslTypes.js';
import type { ExecutionFrame } from './executionFrame.js';
import { contextObject } from './executionFrame.js';
import type { Json } from './json.js';
import { isJsonObject } from './json.js';
import type { PathScope } from './jsonPath.js';
import { readPath, writeReferencePath } from './jsonPath.js';
import type { StatesBinding } from './jsonataEvaluator.js';
import { evaluateJsonataTemplate } from './jsonataEvaluator.js';
import { resolvePayloadTemplate } from './payloadTemplate.js';
import { StatesError, StatesErrorName } from './statesError.js';

/** What a state produced: its output, where to go next (undefined = end), variables to set. */
export interface StateOutcome {
  output: Json;
  next?: string;
  assigned?: Record<string, Json>;
}

export class StateStep {
  readonly enteredTime: Date;
  retryCount = 0;
  readonly language: QueryLanguage;

  constructor(
    readonly frame: ExecutionFrame,
    readonly name: string,
    readonly state: AslState,
    readonly input: Json,
  ) {
    this.language = state.QueryLanguage ?? frame.queryLanguage;
    this.enteredTime = new Date(frame.execution.clock.now());
  }

  get isJsonata(): boolean {
    return this.language === 'JSONata';
  }

  context(): Json {
    return contextObject(this.frame, this.name, this.enteredTime, this.retryCount);
  }

  pathScope(): PathScope {
    const context = this.context();
    return { context, variable: (name) => this.frame.variables.get(name) };
  }

  /** Evaluates a JSONata field with `$states` and the visible variables. */
  jsonata(template: Json, fieldName: string, extra: Partial<StatesBinding> = {}): Promise<Json> {
    const states: StatesBinding = { input: this.input, context: this.context(), ...extra };
    return evaluateJsonataTemplate(template, states, this.frame.variables.visible(), fieldName);
  }

  /**
   * A number field given as a value (in JSONata, an expression) or as a reference path into the
   * input (`TimeoutSeconds` or `TimeoutSecondsPath`); undefined when neither is set.
   * @throws StatesError `States.Runtime` `Invalid <label> <value>` unless a number passing `isValid`.
   */
  async numberField(name: string, value: Json | undefined, path: string | undefined, isValid: (n: number) => boolean, label = name): Promise<number | undefined> {
    let found: Json | undefined;
    if (value !== undefined) found = this.isJsonata ? await this.jsonata(value, name) : value;
    else if (path) found = readPath(path, this.applyInputPath(), this.pathScope(), `${name}Path`);
    if (found === undefined) return undefined;
    if (typeof found !== 'number' || !isValid(found)) throw new StatesError(StatesErrorName.Runtime, `Invalid ${label} ${JSON.stringify(found)}`);
    return found;
  }

  /** JSONPath `InputPath` (null gives `{}`). */
  applyInputPath(): Json {
    const path = this.state.InputPath;
    if (path === null) return {};
    return path === undefined ? this.input : readPath(path, this.input, this.pathScope(), 'InputPath');
  }

  /** JSONPath: `InputPath` then a payload template (`Parameters` or `ItemSelector`). */
  jsonPathEffectiveInput(template: Json | undefined = this.state.Parameters): Json {
    const input = this.applyInputPath();
    return template === undefined ? input : resolvePayloadTemplate(template, input, this.pathScope());
  }

  /** The value a state works on: JSONPath effective input, or JSONata `Arguments` (default: the input). */
  async effectiveArguments(): Promise<Json> {
    if (!this.isJsonata) return this.jsonPathEffectiveInput();
    return this.state.Arguments === undefined ? this.input : this.jsonata(this.state.Arguments, 'Arguments');
  }

  /**
   * Turns a result into the state's output and variables. JSONPath: `ResultSelector`,
   * `Assign` (`$` = the selected result), `ResultPath`, `OutputPath`. JSONata: `Assign` and
   * `Output` (default: the result) with `$states.result`.
   */
  async finish(result: Json, options: { useResultSelector?: boolean; defaultOutput?: Json } = {}): Promise<StateOutcome> {
    const next = this.state.End ? undefined : this.state.Next;
    if (this.isJsonata) {
      const extra = { result };
      const assigned = this.state.Assign ? await this.evaluateJsonataAssign(this.state.Assign, extra) : undefined;
      const output = this.state.Output === undefined ? (options.defaultOutput ?? result) : await this.jsonata(this.state.Output, 'Output', extra);
      return { output, next, assigned };
    }
    const scope = this.pathScope();
    const selected =
      options.useResultSelector && this.state.ResultSelector !== undefined
        ? resolvePayloadTemplate(this.state.ResultSelector, result, scope)
        : result;
    const assigned = this.state.Assign ? this.evaluateJsonPathAssign(this.state.Assign, selected) : undefined;
    const combined = this.applyResultPath(this.state.ResultPath, selected);
    return { output: this.applyOutputPath(combined), next, assigned };
  }

  applyResultPath(resultPath: string | null | undefined, result: Json): Json {
    if (resultPath === null) return this.input;
    if (resultPath === undefined || resultPath === '$') return result;
    return writeReferencePath(this.input, resultPath, result);
  }

  applyOutputPath(value: Json): Json {
    const path = this.state.OutputPath;
    if (path === null) return {};
    return path === undefined ? value : readPath(path, value, this.pathScope(), 'OutputPath');
  }

  evaluateJsonPathAssign(assign: Record<string, Json>, data: Json): Record<string, Json> {
    const values = resolvePayloadTemplate(assign, data, this.pathScope());
    if (!isJsonObject(values)) throw new StatesError(StatesErrorName.Runtime, 'Assign must be an object');
    return values;
  }

  async evaluateJsonataAssign(assign: Record<string, Json>, extra: Partial<StatesBinding>): Promise<Record<string, Json>> {
    const values = await this.jsonata(assign, 'Assign', extra);
    if (!isJsonObject(values)) throw new StatesError(StatesErrorName.QueryEvaluationError, 'Assign must be an object');
    return values;
  }
}
