import type { ContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';
import { lastTurnHasToolResults, lastUserText, requestFingerprint } from '../conversation/requestFingerprint.js';
import type { AnswerPart, ModelRequest, Responder } from '../conversation/types.js';

const VOCABULARY = (
  'the a model answer local offline request data result value system cloud function queue table event stream token ' +
  'response service simple quick careful useful clear first second next final small large fast steady reliable ' +
  'is are was will can should could may returns keeps sends reads writes checks builds runs uses gives finds ' +
  'with from into over under about after before through between for and or but so because while when then'
).split(' ');

const ANSWER_CACHE_SIZE = 500;

/** Options of the default responder. */
interface DeterministicResponderOptions {
  /** Words in a generated answer (after the echo of the question). Default 24. */
  answerWords?: number;
}

/** A PRNG seeded from a hex hash: same request, same sequence. */
function seededRandom(hex: string): () => number {
  let state = Number.parseInt(hex.slice(0, 8), 16) >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

function sentenceWords(random: () => number, count: number): string {
  const words: string[] = [];
  let sentenceLength = 0;
  for (let index = 0; index < count; index++) {
    let word = VOCABULARY[Math.floor(random() * VOCABULARY.length)];
    if (sentenceLength === 0) word = word[0].toUpperCase() + word.slice(1);
    sentenceLength++;
    const ends = index === count - 1 || (sentenceLength >= 6 && random() < 0.2);
    words.push(ends ? `${word}.` : word);
    if (ends) sentenceLength = 0;
  }
  return words.join(' ');
}

function truncate(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}\u2026` : flat;
}

/** The value a JSON schema asks for, made up deterministically. */
function sampleFor(schema: unknown, name: string, userText: string, random: () => number): unknown {
  const spec = (typeof schema === 'object' && schema !== null ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(spec.enum) && spec.enum.length > 0) return spec.enum[0];
  switch (spec.type) {
    case 'integer':
      return 1 + Math.floor(random() * 100);
    case 'number':
      return Math.round(random() * 10_000) / 100;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return sampleObject(spec, userText, random);
    default:
      return userText ? truncate(userText, 100) : `${name}-value`;
  }
}

function sampleObject(schema: Record<string, unknown>, userText: string, random: () => number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(properties);
  const result: Record<string, unknown> = {};
  for (const name of required) result[name] = sampleFor(properties[name], name, userText, random);
  return result;
}

/** The tool the model "decides" to call, or undefined for a text answer. */
function chooseTool(request: ModelRequest, userText: string): Tool['toolSpec'] | undefined {
  const specs = (request.toolConfig?.tools ?? []).flatMap((tool) => (tool.toolSpec ? [tool.toolSpec] : []));
  if (specs.length === 0 || lastTurnHasToolResults(request.messages)) return undefined;
  const choice = request.toolConfig?.toolChoice;
  if (choice?.tool) return specs.find((spec) => spec.name === choice.tool?.name);
  const lower = userText.toLowerCase();
  const mentioned = specs.find((spec) => {
    const name = (spec.name ?? '').toLowerCase();
    const asWords = (needle: string) => new RegExp(`(^|[^a-z0-9_-])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9_-])`).test(lower);
    return asWords(name) || asWords(name.replace(/[_-]+/g, ' '));
  });
  if (mentioned) return mentioned;
  return choice?.any ? specs[0] : undefined;
}

function toolResultSummary(request: ModelRequest): string {
  const last = request.messages[request.messages.length - 1];
  const results = (last?.content ?? []).flatMap((block: ContentBlock) => (block.toolResult ? [block.toolResult] : []));
  const parts = results.flatMap((result) =>
    (result.content ?? []).map((part) => (typeof part.text === 'string' ? part.text : JSON.stringify(part.json ?? null))),
  );
  return truncate(parts.join(' '), 200);
}

/**
 * The default responder: the same request always gets the same answer. It echoes the question,
 * adds generated words, calls a tool when the user names it (or toolChoice asks for one), and
 * answers a tool-result turn with a summary of the result.
 */
export class DeterministicResponder implements Responder {
  readonly name = 'deterministic';
  readonly ignoresSignal = true;
  private readonly answerWords: number;
  /** Answers by request fingerprint: the same request is answered from memory. */
  private readonly answers = new Map<string, AnswerPart[]>();

  constructor(options: DeterministicResponderOptions = {}) {
    this.answerWords = options.answerWords ?? 24;
  }

  respond(request: ModelRequest): Iterable<AnswerPart> {
    const hash = requestFingerprint(request);
    const cached = this.answers.get(hash);
    if (cached) return cached;
    const answer = [...this.generate(request, hash)];
    if (this.answers.size >= ANSWER_CACHE_SIZE) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(hash, answer);
    return answer;
  }

  private *generate(request: ModelRequest, hash: string): Iterable<AnswerPart> {
    const random = seededRandom(hash);
    const userText = lastUserText(request.messages);
    const tool = chooseTool(request, userText);
    if (tool?.name) {
      yield { kind: 'text', text: `I'll use the ${tool.name} tool.` };
      const input = sampleObject((tool.inputSchema?.json ?? {}) as Record<string, unknown>, userText, random);
      yield { kind: 'toolUse', toolUseId: `tooluse_${Buffer.from(hash.slice(8, 40), 'hex').toString('base64url').slice(0, 22)}`, name: tool.name, input };
      yield { kind: 'stop', stopReason: 'tool_use' };
      return;
    }
    const lead = lastTurnHasToolResults(request.messages)
      ? `Based on the tool result: ${toolResultSummary(request)}`
      : `You asked: "${truncate(userText, 80)}".`;
    yield { kind: 'text', text: `${lead} ${sentenceWords(random, this.answerWords)}` };
    yield { kind: 'stop', stopReason: 'end_turn' };
  }
}
