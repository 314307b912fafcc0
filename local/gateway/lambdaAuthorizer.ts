/**
 * A Lambda authorizer (TOKEN or REQUEST) of one API: reads the identity, invokes the authorizer
 * function through the runtime, validates its answer, evaluates the returned policy against the
 * method ARN (or the HTTP API simple `isAuthorized` answer) and caches the answer per identity
 * for `resultTtlInSeconds` (a cached policy is evaluated again for each new method ARN).
 */
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerDef } from '../template/model.js';
import type { LambdaRuntime } from '../runtime/types.js';
import type { GatewayRequest } from './gatewayRequest.js';
import type { IdentityReader, IdentityScope } from './identitySources.js';
import { compileIdentitySource } from './identitySources.js';
import { invokeIntegration } from './invokeIntegration.js';
import type { CompiledPolicy, PolicyDecision } from './policyEvaluation.js';
import { compilePolicy } from './policyEvaluation.js';

export interface AuthorizationInput {
  request: GatewayRequest;
  scope: IdentityScope;
  /** `methodArn` (REST) or `routeArn` (HTTP API) of this request. */
  arn: string;
  /** Builds the REQUEST authorizer event; called only when the authorizer is invoked. */
  requestEvent(identitySource: string[]): unknown;
}

export type AuthorizationOutcome =
  | {
      kind: 'allow';
      principalId: string | undefined;
      context: Record<string, unknown>;
      integrationLatency: number;
      usageIdentifierKey: string | undefined;
    }
  | { kind: 'unauthorized' }
  /** `explicit`: a `Deny` statement matched (REST words that answer differently from no matching `Allow`). */
  | { kind: 'denied'; explicit: boolean }
  | { kind: 'failure'; reason: string };

interface AuthorizerAnswer {
  /** IAM policy answer, or the simple answer's `isAuthorized`. */
  verdict: CompiledPolicy | boolean;
  principalId: string | undefined;
  context: Record<string, unknown>;
  integrationLatency: number;
  usageIdentifierKey: string | undefined;
  expiresAt: number;
  /** Decisions already taken for method ARNs (a cached answer serves many requests). */
  decisions?: Map<string, PolicyDecision>;
  /** The `allow` outcome of this answer, built once. */
  allowOutcome?: Extract<AuthorizationOutcome, { kind: 'allow' }>;
}

const DECISION_MEMO_LIMIT = 256;

type Lookup = AuthorizerAnswer | Extract<AuthorizationOutcome, { kind: 'unauthorized' | 'failure' }>;

const EXPLICIT_DENY: AuthorizationOutcome = { kind: 'denied', explicit: true };
const IMPLICIT_DENY: AuthorizationOutcome = { kind: 'denied', explicit: false };
const UNAUTHORIZED: AuthorizationOutcome = { kind: 'unauthorized' };

const CACHE_LIMIT = 10_000;
const AUTHORIZER_TIMEOUT_MS = 30_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer's decision for `arn` (IAM policies are evaluated once per ARN and answer); a simple `isAuthorized: false` is an implicit deny. */
function decide(answer: AuthorizerAnswer, arn: string): PolicyDecision {
  if (typeof answer.verdict === 'boolean') return answer.verdict ? 'Allow' : 'ImplicitDeny';
  const known = answer.decisions?.get(arn);
  if (known !== undefined) return known;
  const decision = answer.verdict.evaluate(arn);
  answer.decisions ??= new Map();
  if (answer.decisions.size < DECISION_MEMO_LIMIT) answer.decisions.set(arn, decision);
  return decision;
}

export class LambdaAuthorizer {
  readonly def: AuthorizerDef;
  readonly #runtime: LambdaRuntime;
  readonly #simple: boolean;
  readonly #readers: IdentityReader[];
  readonly #validation: RegExp | undefined;
  readonly #tokenHeader: string;
  readonly #cache = new Map<string, Promise<Lookup>>();
  /** Answers of `#cache` that have arrived, for the synchronous cache-hit path. */
  readonly #settled = new Map<string, AuthorizerAnswer>();
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  /** Number of times the authorizer function was invoked (for tests and diagnostics). */
  invocations = 0;

  /** @param options.now the clock cached answers expire on (the stack's; default real time). */
  constructor(def: AuthorizerDef, runtime: LambdaRuntime, options: { simpleResponses: boolean; log: (line: string) => void; now?: () => number }) {
    this.def = def;
    this.#now = options.now ?? Date.now;
    this.#runtime = runtime;
    this.#simple = options.simpleResponses;
    this.#log = options.log;
    this.#tokenHeader = (def.identityHeader ?? 'Authorization').toLowerCase();
    this.#readers = def.type === 'REQUEST' ? def.identitySources.map(compileIdentitySource) : [];
    this.#validation = def.validationExpression ? new RegExp(`^(?:${def.validationExpression})$`) : undefined;
  }

  /**
   * Decides one request. Never rejects. The decision comes synchronously when the identity's answer
   * is cached (the common case: no promise to create or wait on), else as a promise.
   */
  authorize(input: AuthorizationInput): AuthorizationOutcome | Promise<AuthorizationOutcome> {
    const identity = this.#identity(input);
    if (!identity) return UNAUTHORIZED;
    const settled = this.#settledAnswer(identity);
    if (settled) return this.#decide(settled, input.arn);
    return this.#lookup(identity, input).then((lookup) => ('kind' in lookup ? lookup : this.#decide(lookup, input.arn)));
  }

  /** The request's identity (the token, or the REQUEST identity sources' values); undefined when one is missing or invalid. */
  #identity(input: AuthorizationInput): string[] | undefined {
    if (this.def.type === 'TOKEN') {
      const token = input.request.headerValues.get(this.#tokenHeader)?.[0];
      if (!token || (this.#validation && !this.#validation.test(token))) return undefined;
      return [token];
    }
    const identity: string[] = [];
    for (const read of this.#readers) {
      const value = read(input.request, input.scope);
      if (value === undefined) return undefined;
      identity.push(value);
    }
    return identity;
  }

  #decide(answer: AuthorizerAnswer, arn: string): AuthorizationOutcome {
    const decision = decide(answer, arn);
    if (decision !== 'Allow') return decision === 'Deny' ? EXPLICIT_DENY : IMPLICIT_DENY;
    answer.allowOutcome ??= {
      kind: 'allow',
      principalId: answer.principalId,
      context: answer.context,
      integrationLatency: answer.integrationLatency,
      usageIdentifierKey: answer.usageIdentifierKey,
    };
    return answer.allowOutcome;
  }

  /** A cached answer that has arrived and not expired (the common case: no promise to wait on). */
  #settledAnswer(identity: string[]): AuthorizerAnswer | undefined {
    if (this.#settled.size === 0) return undefined;
    const answer = this.#settled.get(identity.length === 1 ? identity[0] : identity.join('\u0000'));
    return answer && answer.expiresAt > this.#now() ? answer : undefined;
  }

  #lookup(identity: string[], input: AuthorizationInput): Promise<Lookup> {
    const ttl = this.def.resultTtlInSeconds;
    // Without identity sources there is nothing to key a cache on (API Gateway requires them for caching).
    const cacheable = ttl > 0 && (this.def.type === 'TOKEN' || this.#readers.length > 0);
    if (!cacheable) return this.#invoke(identity, input);
    const key = identity.join('\u0000');
    const cached = this.#cache.get(key);
    if (cached) {
      return cached.then((answer) => {
        if ('kind' in answer || answer.expiresAt > this.#now()) return answer;
        if (this.#cache.get(key) === cached) {
          this.#cache.delete(key);
          this.#settled.delete(key);
        }
        return this.#lookup(identity, input);
      });
    }
    const pending = this.#invoke(identity, input);
    if (this.#cache.size >= CACHE_LIMIT) {
      const oldest = this.#cache.keys().next().value as string;
      this.#cache.delete(oldest);
      this.#settled.delete(oldest);
    }
    this.#cache.set(key, pending);
    void pending.then((answer) => {
      if (this.#cache.get(key) !== pending) return;
      if ('kind' in answer) this.#cache.delete(key);
      else this.#settled.set(key, answer);
    });
    return pending;
  }

  async #invoke(identity: string[], input: AuthorizationInput): Promise<Lookup> {
    const event =
      this.def.type === 'TOKEN'
        ? ({ type: 'TOKEN', methodArn: input.arn, authorizationToken: identity[0] } satisfies APIGatewayTokenAuthorizerEvent)
        : input.requestEvent(identity);
    this.invocations++;
    const started = Date.now();
    const outcome = await invokeIntegration(this.#runtime, this.def.functionLogicalId, event, AUTHORIZER_TIMEOUT_MS);
    const latency = Date.now() - started;
    if (outcome.kind === 'error') {
      if (outcome.error.errorMessage === 'Unauthorized') return { kind: 'unauthorized' };
      return this.#failure(`authorizer ${this.def.name} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
    }
    if (outcome.kind !== 'ok') return this.#failure(`authorizer ${this.def.name} ${outcome.kind}`);
    try {
      return this.#parseAnswer(outcome.payload, latency);
    } catch (cause) {
      return this.#failure(`authorizer ${this.def.name} returned a malformed answer: ${(cause as Error).message}`);
    }
  }

  #failure(reason: string): Lookup {
    this.#log(reason);
    return { kind: 'failure', reason };
  }

  #parseAnswer(payload: unknown, latency: number): AuthorizerAnswer {
    if (!isRecord(payload)) throw new Error('the answer is not an object');
    const expiresAt = this.#now() + this.def.resultTtlInSeconds * 1000;
    const context = payload.context === undefined || payload.context === null ? {} : payload.context;
    if (!isRecord(context)) throw new Error('context must be an object');
    if (this.#simple) {
      if (typeof payload.isAuthorized !== 'boolean') throw new Error('isAuthorized must be a boolean');
      return { verdict: payload.isAuthorized, principalId: undefined, context, integrationLatency: latency, usageIdentifierKey: undefined, expiresAt };
    }
    if (typeof payload.principalId !== 'string') throw new Error('principalId must be a string');
    if (this.#restStyleContext()) {
      for (const [name, value] of Object.entries(context)) {
        if (value !== null && typeof value === 'object') throw new Error(`context.${name} must be a string, number or boolean`);
      }
    }
    const usageIdentifierKey = typeof payload.usageIdentifierKey === 'string' ? payload.usageIdentifierKey : undefined;
    return {
      verdict: compilePolicy(payload.policyDocument),
      principalId: payload.principalId,
      context,
      integrationLatency: latency,
      usageIdentifierKey,
      expiresAt,
    };
  }

  #restStyleContext(): boolean {
    return this.def.payloadFormatVersion !== '2.0';
  }
}
