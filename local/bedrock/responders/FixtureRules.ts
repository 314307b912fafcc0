import { readFileSync } from 'node:fs';
import { RE2JS } from 're2js';
import type { StopReason } from '@aws-sdk/client-bedrock-runtime';
import { lastUserText, requestFingerprint } from '../conversation/requestFingerprint.js';
import type { AnswerPart, ModelRequest, OperationName, Responder } from '../conversation/types.js';
import { BedrockError, isBedrockErrorCode, type BedrockErrorCode } from '../errors.js';
import type { FaultRule } from '../faults/FaultPlan.js';
import { matchesModel } from './modelPattern.js';

/** When a fixture rule applies. Every given condition must hold. */
export interface FixtureMatch {
  /** Model id (catalogue id or as requested), `*` wildcards allowed. */
  model?: string;
  operation?: OperationName | OperationName[];
  /** The last user message contains this text (case-insensitive). */
  lastUserMessage?: string;
  /** The last user message equals this text exactly. */
  lastUserMessageEquals?: string;
  /**
   * The last user message matches this regular expression (case-insensitive), run on RE2 (linear
   * time: a pattern such as `(a+)+$` cannot freeze the server; no backreferences or look-around).
   */
  lastUserMessageRegex?: string;
  /** The request offers a tool of this name. */
  toolName?: string;
  /** The request is exactly this one (see `requestFingerprint`; written by record mode). */
  requestHash?: string;
}

/** What a fixture rule answers. */
export interface FixtureAnswer {
  text?: string;
  toolUse?: Array<{ name: string; input?: unknown; toolUseId?: string }>;
  stopReason?: StopReason;
  usage?: { inputTokens?: number; outputTokens?: number };
}

/** A scripted answer: match → respond with text/tool calls, or an error, optionally a fault. */
export interface FixtureRule {
  name?: string;
  match?: FixtureMatch;
  respond?: FixtureAnswer;
  error?: { code: BedrockErrorCode; message?: string };
  fault?: Omit<FaultRule, 'model' | 'operations' | 'times'>;
  /** Applies this many times, then no more. Default: always. */
  times?: number;
}

/** Reads a fixtures file: `{"rules": [...]}` or a bare array of rules. */
export function loadFixtureFile(path: string): FixtureRule[] {
  return parseFixtures(JSON.parse(readFileSync(path, 'utf8')));
}

/** Checks a parsed fixtures document; throws a readable error on a bad rule. */
export function parseFixtures(document: unknown): FixtureRule[] {
  const rules = Array.isArray(document) ? document : (document as { rules?: unknown })?.rules;
  if (!Array.isArray(rules)) throw new Error('a fixtures document is {"rules": [...]} or an array of rules');
  rules.forEach((rule: FixtureRule, index) => {
    if (typeof rule !== 'object' || rule === null) throw new Error(`fixture rule ${index} is not an object`);
    if (!rule.respond && !rule.error && !rule.fault) throw new Error(`fixture rule ${index} has no respond, error or fault`);
    if (rule.error && !isBedrockErrorCode(rule.error.code)) throw new Error(`fixture rule ${index}: unknown error code ${String(rule.error.code)}`);
    if (rule.match?.lastUserMessageRegex) {
      try {
        userRegex(rule.match.lastUserMessageRegex);
      } catch (error) {
        throw new Error(`fixture rule ${index}: lastUserMessageRegex is not valid RE2 syntax: ${(error as Error).message}`, { cause: error });
      }
    }
  });
  return rules as FixtureRule[];
}

const compiledRegexes = new Map<string, RE2JS>();

/** A fixture's regex compiled once with RE2JS (JavaScript syntax translated, case-insensitive). */
function userRegex(pattern: string): RE2JS {
  let compiled = compiledRegexes.get(pattern);
  if (!compiled) {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.CASE_INSENSITIVE);
    if (compiledRegexes.size >= 1_000) compiledRegexes.clear();
    compiledRegexes.set(pattern, compiled);
  }
  return compiled;
}

function ruleMatches(rule: FixtureRule, request: ModelRequest): boolean {
  const match = rule.match ?? {};
  if (match.model && !matchesModel(match.model, request.model.entry.id) && !matchesModel(match.model, request.model.requestedId)) return false;
  if (match.operation) {
    const operations = Array.isArray(match.operation) ? match.operation : [match.operation];
    if (!operations.includes(request.operation)) return false;
  }
  const text = lastUserText(request.messages);
  if (match.lastUserMessage !== undefined && !text.toLowerCase().includes(match.lastUserMessage.toLowerCase())) return false;
  if (match.lastUserMessageEquals !== undefined && text !== match.lastUserMessageEquals) return false;
  if (match.lastUserMessageRegex !== undefined && !userRegex(match.lastUserMessageRegex).matcher(text).find()) return false;
  if (match.toolName !== undefined && !(request.toolConfig?.tools ?? []).some((tool) => tool.toolSpec?.name === match.toolName)) return false;
  if (match.requestHash !== undefined && requestFingerprint(request) !== match.requestHash) return false;
  return true;
}

/** A responder that answers with one rule's scripted answer or error. */
export class FixtureAnswerResponder implements Responder {
  readonly name: string;

  constructor(private readonly rule: FixtureRule) {
    this.name = `fixture${rule.name ? `:${rule.name}` : ''}`;
  }

  *respond(): Iterable<AnswerPart> {
    const { error, respond } = this.rule;
    if (error) throw new BedrockError(error.code, error.message);
    if (respond?.text) yield { kind: 'text', text: respond.text };
    for (const call of respond?.toolUse ?? []) yield { kind: 'toolUse', toolUseId: call.toolUseId, name: call.name, input: call.input ?? {} };
    const stopReason = respond?.stopReason ?? (respond?.toolUse?.length ? 'tool_use' : 'end_turn');
    yield { kind: 'stop', stopReason, usage: respond?.usage };
  }
}

/** For offline replay: a request no fixture matches is refused instead of answered. */
export const fixturesOnlyResponder: Responder = {
  name: 'fixtures-only',
  respond: () => ({
    [Symbol.iterator](): Iterator<AnswerPart> {
      throw new BedrockError('ValidationException', 'No fixture matches this request (the fake Bedrock answers only from fixtures).');
    },
  }),
};

/** The loaded fixture rules, first match wins; counted rules are used up. */
export class FixtureRuleSet {
  private rules: FixtureRule[] = [];

  constructor(private readonly initial: FixtureRule[] = []) {
    this.reset();
  }

  /** The first rule that matches, counting its use. */
  match(request: ModelRequest): FixtureRule | undefined {
    const rule = this.rules.find((candidate) => (candidate.times === undefined || candidate.times > 0) && ruleMatches(candidate, request));
    if (rule?.times !== undefined) rule.times--;
    return rule;
  }

  add(rules: FixtureRule[], mode: 'append' | 'replace' = 'append'): void {
    const copies = rules.map((rule) => ({ ...rule }));
    this.rules = mode === 'replace' ? copies : [...this.rules, ...copies];
  }

  reset(): void {
    this.rules = this.initial.map((rule) => ({ ...rule }));
  }

  list(): FixtureRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }
}
