import { PromptCache } from '../conversation/PromptCache.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { lifecycleNotice } from '../catalogue/lifecycleNotice.js';
import { INVALID_MODEL, ModelCatalogue, safeDecode, type ResolvedModel } from '../catalogue/ModelCatalogue.js';
import { fixedClock, systemClock, type Clock } from '../catalogue/modelLifecycle.js';
import type { GuardrailStore } from '../guardrails/GuardrailStore.js';
import { loadGuardrailStore } from '../guardrails/GuardrailStore.js';
import type { ModelRequest, OperationName, Responder } from '../conversation/types.js';
import type { ValidConverseInput } from '../conversation/validateConverseRequest.js';
import { BedrockError, ConnectionDropSignal } from '../errors.js';
import { applyFaults, FaultPlan, type AppliedFaults, type FaultRule } from '../faults/FaultPlan.js';
import { Generation } from '../generation/Generation.js';
import type { Pace } from '../generation/Pacer.js';
import { estimateCost, InvocationLog, type InvocationRecord } from '../inspection/InvocationLog.js';
import { DeterministicResponder } from '../responders/DeterministicResponder.js';
import { FixtureAnswerResponder, FixtureRuleSet, fixturesOnlyResponder, loadFixtureFile, type FixtureRule } from '../responders/FixtureRules.js';
import { matchesModel } from '../responders/modelPattern.js';
import { OpenAiUpstreamResponder } from '../responders/OpenAiUpstreamResponder.js';
import { RecordingResponder } from '../responders/RecordingResponder.js';
import type { ClientGone } from './ClientGone.js';
import type { BedrockServerOptions, ResponderName } from './options.js';

/** A model call ready to run: the request, who answers it, the faults it gets, its generation. */
export interface PreparedCall {
  /** `performance.now()` when the call began: a stream's latency and time to first token count from it. */
  startedAt: number;
  request: ModelRequest;
  responder: Responder;
  faults: AppliedFaults;
  faultNames: string[];
  generation: Generation;
}

/** Fields of an invocation record an operation fills in. */
export type CallOutcome = Partial<Omit<InvocationRecord, 'id' | 'timestamp' | 'operation' | 'modelId' | 'input' | 'latencyMs' | 'status' | 'error'>>;

/**
 * The fake Bedrock's state and the steps every model operation shares: resolve the model, pick
 * the responder (fixtures first), apply faults, run the generation, log the invocation.
 */
export class BedrockService {
  readonly catalogue: ModelCatalogue;
  /** The day lifecycle states are computed for (`asOf`, or now). */
  readonly clock: Clock;
  readonly log: InvocationLog;
  readonly faults: FaultPlan;
  readonly fixtures: FixtureRuleSet;
  pace: Pace;
  /** The guardrails Converse, ConverseStream and ApplyGuardrail apply. */
  readonly guardrails: GuardrailStore;
  private readonly responders = new Map<string, Responder>();
  private readonly defaultResponder: Responder;
  private readonly modelResponders: Array<[string, Responder]>;

  constructor(private readonly options: BedrockServerOptions) {
    this.catalogue = ModelCatalogue.load(options.catalogueFile, options.catalogueOverlayFile);
    this.clock = options.asOf ? fixedClock(options.asOf) : systemClock;
    this.warn = options.lifecycleLog ?? ((line) => process.stderr.write(`${line}\n`));
    this.log = new InvocationLog(options.invocationLogLimit);
    this.faults = new FaultPlan(options.faults ?? []);
    this.fixtures = new FixtureRuleSet(this.initialFixtures());
    this.guardrails = loadGuardrailStore(options.guardrails ?? [], options.guardrailsFile);
    this.pace = { firstTokenDelayMs: options.firstTokenDelayMs ?? 0, tokensPerSecond: options.tokensPerSecond ?? 0 };
    this.responders.set('deterministic', new DeterministicResponder({ answerWords: options.answerWords }));
    this.responders.set('fixtures-only', fixturesOnlyResponder);
    if (options.upstream) this.responders.set('upstream', new OpenAiUpstreamResponder(options.upstream));
    if (options.record) this.responders.set('record', new RecordingResponder(options.record));
    for (const [name, responder] of Object.entries(options.responders ?? {})) this.responders.set(name, responder);
    this.defaultResponder = this.lookup(options.responder ?? 'deterministic');
    this.modelResponders = Object.entries(options.modelResponders ?? {}).map(([pattern, responder]) => [pattern, this.lookup(responder)]);
  }

  private initialFixtures(): FixtureRule[] {
    const fromFile = this.options.fixturesFile ? loadFixtureFile(this.options.fixturesFile) : [];
    return [...fromFile, ...(this.options.fixtures ?? [])];
  }

  private lookup(responder: ResponderName | Responder): Responder {
    if (typeof responder !== 'string') return responder;
    const found = this.responders.get(responder);
    if (!found) throw new Error(`fake Bedrock: responder "${responder}" is not configured`);
    return found;
  }

  private readonly resetListeners: Array<() => void> = [];
  /** Prompt caching's written prefixes (cleared on reset). */
  readonly promptCache = new PromptCache();

  /** Runs `listener` on every reset (e.g. to reload knowledge-base documents). */
  onReset(listener: () => void): void {
    this.resetListeners.push(listener);
  }

  /** Resets to the configured state: invocations cleared, fixtures and faults reloaded. */
  reset(): void {
    for (const listener of this.resetListeners) listener();
    this.promptCache.reset();
    this.log.clear();
    this.faults.reset();
    this.fixtures.reset();
    this.fixtures.add(this.initialFixtures(), 'replace');
  }

  private readonly warn: (line: string) => void;
  private readonly warned = new Set<string>();

  /**
   * Resolves a model id as Bedrock does (throws its ValidationException): a model past its end of
   * life is an invalid identifier; a Legacy one is served. Either logs one line (once per model).
   */
  resolveModel(modelId: string): ResolvedModel {
    const found = this.catalogue.identify(modelId);
    const notice = found && lifecycleNotice(found.entry, this.clock());
    if (notice && !this.warned.has(`${notice.state} ${notice.modelId}`)) {
      this.warned.add(`${notice.state} ${notice.modelId}`);
      this.warn(`fake Bedrock: ${notice.state === 'EOL' ? 'refused' : 'warning'}: ${notice.message}`);
    }
    if (notice?.state === 'EOL') throw new BedrockError('ValidationException', INVALID_MODEL);
    return this.catalogue.resolve(modelId);
  }

  /** Picks the responder: fixture rule, then the request header, then per model, then the default. */
  private chooseResponder(request: ModelRequest): { responder: Responder; fixture?: FixtureRule } {
    const fixture = this.fixtures.match(request);
    if (fixture && (fixture.respond || fixture.error)) return { responder: new FixtureAnswerResponder(fixture), fixture };
    const named = request.headers['x-fake-bedrock-responder'];
    if (named) {
      const responder = this.responders.get(named);
      if (!responder) throw new BedrockError('ValidationException', `Unknown fake responder "${named}".`);
      return { responder, fixture };
    }
    for (const [pattern, responder] of this.modelResponders) {
      if (matchesModel(pattern, request.model.entry.id) || matchesModel(pattern, request.model.requestedId)) return { responder, fixture };
    }
    return { responder: this.defaultResponder, fixture };
  }

  /**
   * Prepares a model call: picks the responder, applies latency and up-front faults (throwing
   * their errors), and sets up the generation. `streaming` paces token by token.
   */
  async prepare(
    operation: OperationName,
    model: ResolvedModel,
    input: ValidConverseInput,
    headers: Record<string, string | undefined>,
    streaming: boolean,
    clientGone: Pick<ClientGone, 'aborted' | 'signal'>,
  ): Promise<PreparedCall> {
    const startedAt = performance.now();
    const request: ModelRequest = { operation, model, headers, ...input };
    const { responder, fixture } = this.chooseResponder(request);
    const { faults, faultNames } = await this.applyUpfrontFaults(operation, model, headers, clientGone, fixture?.fault);
    const generation = new Generation(request, responder, {
      pace: this.pace,
      paceClock: this.options.paceClock,
      streaming,
      get signal() {
        return clientGone.signal;
      },
      isAborted: () => clientGone.aborted,
      interrupt: faults.interrupt,
      promptCache: model.entry.capabilities?.promptCaching ? this.promptCache : undefined,
    });
    return { startedAt, request, responder, faults, faultNames, generation };
  }

  /**
   * Takes the faults that apply to a call (plus `extra`, a fixture's) and applies the up-front
   * ones: waits out their latency, then throws their error or drops the connection.
   */
  async applyUpfrontFaults(
    operation: OperationName,
    model: ResolvedModel,
    headers: Record<string, string | undefined>,
    clientGone: Pick<ClientGone, 'signal'>,
    extra?: FaultRule,
  ): Promise<{ faults: AppliedFaults; faultNames: string[] }> {
    const rules = this.faults.take(operation, [model.entry.id, model.requestedId], headers['x-fake-bedrock-fault']);
    if (extra) rules.push(extra);
    const faults = applyFaults(rules);
    if (faults.latencyMs > 0) await (this.options.paceClock?.sleep(faults.latencyMs, clientGone.signal) ?? sleep(faults.latencyMs, undefined, { signal: clientGone.signal }));
    if (faults.error) throw faults.error;
    if (faults.dropBeforeAnswer) throw new ConnectionDropSignal();
    return { faults, faultNames: rules.map((rule) => rule.fault) };
  }

  /** Logs one finished (or failed) call. */
  record(
    operation: OperationName,
    modelId: string,
    input: unknown,
    startedAt: number,
    outcome: CallOutcome & { error?: unknown },
    model?: ResolvedModel,
  ): void {
    const { error, ...rest } = outcome;
    const failure = error instanceof BedrockError
      ? { code: error.code, message: error.message }
      : error instanceof ConnectionDropSignal
        ? { code: 'ConnectionDropped', message: error.message }
        : error
          ? { code: 'ClientDisconnected', message: error instanceof Error ? error.message : String(error) }
          : undefined;
    const entry = model?.entry ?? this.catalogue.identify(modelId)?.entry;
    this.log.add({
      operation,
      modelId: safeDecode(modelId),
      resolvedModelId: model?.entry.id,
      lifecycle: entry && lifecycleNotice(entry, this.clock()),
      input,
      ...rest,
      estimatedCostUsd: model ? estimateCost(rest.usage, model.entry) : undefined,
      latencyMs: Math.round(performance.now() - startedAt),
      status: failure ? 'error' : 'ok',
      error: failure,
    });
  }
}

