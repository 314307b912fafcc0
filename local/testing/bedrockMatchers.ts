/**
 * Vitest matchers on the fake Bedrock: what the application sent the model. They read the fake's
 * invocation log, so they are async: `await expect(stack.bedrock).toHaveBeenCalledWithPrompt('Hello')`.
 * A failure lists every call the fake received (operation, model, prompt, system prompt).
 */
import type { InvocationRecord } from '../bedrock/inspection/InvocationLog.js';

/** What the matchers accept: `stack.bedrock` (or anything with `invocations()`), or a list of invocations already read. */
export type BedrockCalls = { invocations(): Promise<InvocationRecord[]> } | InvocationRecord[];

/** Text, contained as is, or a regular expression. */
export type TextPattern = string | RegExp;

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

interface ContentBlock {
  text?: unknown;
}

const SHOWN_CHARACTERS = 160;

/** The text of a list of content blocks (text blocks joined by new lines). */
function blocksText(blocks: unknown): string {
  if (typeof blocks === 'string') return blocks;
  if (!Array.isArray(blocks)) return '';
  return (blocks as ContentBlock[]).flatMap((block) => (typeof block?.text === 'string' ? [block.text] : [])).join('\n');
}

/** The prompt of a call: the text of its last user message (what fixtures match as `lastUserMessage`). */
export function promptOf(call: InvocationRecord): string {
  const messages = (call.messages ?? []) as { role?: string; content?: unknown }[];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  return lastUser ? blocksText(lastUser.content) : '';
}

/** The system prompt of a call (its system blocks' text). */
export function systemOf(call: InvocationRecord): string {
  return blocksText(call.system);
}

function matches(text: string, pattern: TextPattern): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

function describePattern(pattern: TextPattern): string {
  return typeof pattern === 'string' ? `containing ${JSON.stringify(pattern)}` : `matching ${String(pattern)}`;
}

function shorten(text: string): string {
  return JSON.stringify(text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text);
}

/** Every call the fake received, one line each, for a failure message. */
function listCalls(calls: InvocationRecord[]): string {
  if (calls.length === 0) return 'The fake Bedrock received no calls.';
  const lines = calls.map((call, index) => {
    const system = systemOf(call);
    return `  ${index + 1}. ${call.operation} ${call.modelId} (${call.status}) prompt ${shorten(promptOf(call))}${system ? ` system ${shorten(system)}` : ''}`;
  });
  return `The fake Bedrock received ${calls.length} call(s):\n${lines.join('\n')}`;
}

async function callsOf(received: unknown): Promise<InvocationRecord[]> {
  if (Array.isArray(received)) return received as InvocationRecord[];
  if (received && typeof (received as { invocations?: unknown }).invocations === 'function') return (received as { invocations(): Promise<InvocationRecord[]> }).invocations();
  throw new TypeError('expect(…) of a Bedrock matcher takes stack.bedrock or a list of its invocations');
}

async function anyCall(this: { isNot: boolean }, received: unknown, what: string, test: (call: InvocationRecord) => boolean): Promise<MatcherResult> {
  const calls = await callsOf(received);
  const pass = calls.some(test);
  return {
    pass,
    message: () => `expected the fake Bedrock ${this.isNot ? 'not ' : ''}to have been called with ${what}.\n${listCalls(calls)}`,
  };
}

/** The matchers, for `expect.extend(bedrockMatchers)` (`serverless-genai-kit/testing/vitest` registers them). */
export const bedrockMatchers = {
  /** Some call's last user message contains the text (or matches the regular expression). */
  toHaveBeenCalledWithPrompt(this: { isNot: boolean }, received: unknown, prompt: TextPattern): Promise<MatcherResult> {
    return anyCall.call(this, received, `a prompt ${describePattern(prompt)}`, (call) => matches(promptOf(call), prompt));
  },
  /** Some call named this model (as requested, or the catalogue id it resolved to). */
  toHaveBeenCalledWithModel(this: { isNot: boolean }, received: unknown, modelId: string): Promise<MatcherResult> {
    return anyCall.call(this, received, `the model ${JSON.stringify(modelId)}`, (call) => call.modelId === modelId || call.resolvedModelId === modelId);
  },
  /** Some call's system prompt contains the text (or matches the regular expression). */
  toHaveBeenCalledWithSystem(this: { isNot: boolean }, received: unknown, system: TextPattern): Promise<MatcherResult> {
    return anyCall.call(this, received, `a system prompt ${describePattern(system)}`, (call) => matches(systemOf(call), system));
  },
};

/** The matchers' types, added to vitest's `expect` by `serverless-genai-kit/testing/vitest`. */
export interface BedrockMatchers<R = unknown> {
  toHaveBeenCalledWithPrompt(prompt: TextPattern): Promise<R>;
  toHaveBeenCalledWithModel(modelId: string): Promise<R>;
  toHaveBeenCalledWithSystem(system: TextPattern): Promise<R>;
}
