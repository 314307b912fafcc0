import type { Message, StopReason, SystemContentBlock, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { AnswerPart, ModelRequest, Responder } from '../conversation/types.js';
import { BedrockError } from '../errors.js';
import { matchesModel } from './modelPattern.js';

/** Where the OpenAI-compatible upstream is. */
export interface OpenAiUpstreamOptions {
  /** Base URL up to `/v1`, e.g. `http://127.0.0.1:11434/v1` (Ollama) or `http://127.0.0.1:8080/v1` (llama.cpp). */
  baseUrl: string;
  /** Upstream model name for every Bedrock model, or per Bedrock id pattern. Default: the Bedrock id. */
  model?: string | Record<string, string>;
  apiKey?: string;
}

type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }> }
  | { role: 'tool'; tool_call_id: string; content: string };

interface ChatChunk {
  choices?: Array<{
    delta?: { content?: string | null; tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }> };
    finish_reason?: string | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** Converse messages → OpenAI chat messages (tool results become `tool` messages). */
function toChatMessages(system: SystemContentBlock[], messages: Message[]): ChatMessage[] {
  const chat: ChatMessage[] = [];
  const systemText = system.map((block) => block.text ?? '').filter(Boolean).join('\n');
  if (systemText) chat.push({ role: 'system', content: systemText });
  for (const message of messages) {
    const blocks = message.content ?? [];
    const text = blocks.map((block) => block.text ?? '').filter(Boolean).join('\n');
    if (message.role === 'assistant') {
      const calls = blocks.flatMap((block) =>
        block.toolUse ? [{ id: block.toolUse.toolUseId ?? '', type: 'function' as const, function: { name: block.toolUse.name ?? '', arguments: JSON.stringify(block.toolUse.input ?? {}) } }] : [],
      );
      chat.push({ role: 'assistant', content: text || null, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
      continue;
    }
    for (const block of blocks) {
      if (!block.toolResult) continue;
      const content = (block.toolResult.content ?? []).map((part) => part.text ?? JSON.stringify(part.json ?? null)).join('\n');
      chat.push({ role: 'tool', tool_call_id: block.toolResult.toolUseId ?? '', content });
    }
    if (text) chat.push({ role: 'user', content: text });
  }
  return chat;
}

function toChatTools(config: ToolConfiguration | undefined): Record<string, unknown> {
  const tools = (config?.tools ?? []).flatMap((tool) =>
    tool.toolSpec ? [{ type: 'function', function: { name: tool.toolSpec.name, description: tool.toolSpec.description, parameters: tool.toolSpec.inputSchema?.json ?? {} } }] : [],
  );
  if (tools.length === 0) return {};
  const choice = config?.toolChoice;
  const toolChoice = choice?.tool ? { type: 'function', function: { name: choice.tool.name } } : choice?.any ? 'required' : 'auto';
  return { tools, tool_choice: toolChoice };
}

function stopReasonOf(finish: string | null | undefined): StopReason {
  if (finish === 'length') return 'max_tokens';
  if (finish === 'tool_calls' || finish === 'function_call') return 'tool_use';
  if (finish === 'content_filter') return 'content_filtered';
  return 'end_turn';
}

/** Reads `data:` lines of a server-sent-events body. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('data:')) yield line.slice(5).trim();
    }
  }
  if (buffer.startsWith('data:')) yield buffer.slice(5).trim();
}

/**
 * Answers with an OpenAI-compatible chat-completions server (Ollama, llama.cpp, vLLM),
 * translating Bedrock's request to it and its streamed answer (text and tool calls) back.
 */
export class OpenAiUpstreamResponder implements Responder {
  readonly name = 'upstream';
  readonly paced = true;

  constructor(readonly options: OpenAiUpstreamOptions) {}

  private upstreamModel(request: ModelRequest): string {
    const { model } = this.options;
    if (typeof model === 'string') return model;
    for (const [pattern, name] of Object.entries(model ?? {})) {
      if (matchesModel(pattern, request.model.entry.id) || matchesModel(pattern, request.model.requestedId)) return name;
    }
    return request.model.entry.id;
  }

  async *respond(request: ModelRequest, signal: AbortSignal): AsyncIterable<AnswerPart> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/chat/completions`;
    const { maxTokens, temperature, topP, stopSequences } = request.inferenceConfig;
    const payload = {
      model: this.upstreamModel(request),
      messages: toChatMessages(request.system, request.messages),
      stream: true,
      stream_options: { include_usage: true },
      ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(topP !== undefined ? { top_p: topP } : {}),
      ...(stopSequences?.length ? { stop: stopSequences } : {}),
      ...toChatTools(request.toolConfig),
    };
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify(payload),
        signal,
      });
    } catch (error) {
      throw new BedrockError('ServiceUnavailableException', `The upstream model server at ${this.options.baseUrl} is not reachable.`, {}, { cause: error });
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      if (response.status === 429) throw new BedrockError('ThrottlingException');
      throw new BedrockError('ModelErrorException', `The upstream model returned ${response.status}: ${text.slice(0, 200)}`, { originalStatusCode: response.status, resourceName: this.upstreamModel(request) });
    }
    const calls = new Map<number, { id?: string; name: string; arguments: string }>();
    let finish: string | null | undefined;
    let usage: { inputTokens?: number; outputTokens?: number } | undefined;
    for await (const data of sseData(response.body)) {
      if (data === '[DONE]') break;
      let chunk: ChatChunk;
      try {
        chunk = JSON.parse(data) as ChatChunk;
      } catch {
        continue;
      }
      if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.delta?.content) yield { kind: 'text', text: choice.delta.content };
      for (const call of choice.delta?.tool_calls ?? []) {
        const entry = calls.get(call.index) ?? { name: '', arguments: '' };
        entry.id = call.id ?? entry.id;
        entry.name += call.function?.name ?? '';
        entry.arguments += call.function?.arguments ?? '';
        calls.set(call.index, entry);
      }
      finish = choice.finish_reason ?? finish;
    }
    for (const call of calls.values()) {
      let input: unknown = {};
      try {
        input = call.arguments ? JSON.parse(call.arguments) : {};
      } catch {
        input = { raw: call.arguments };
      }
      yield { kind: 'toolUse', toolUseId: call.id, name: call.name, input };
    }
    yield { kind: 'stop', stopReason: calls.size > 0 ? 'tool_use' : stopReasonOf(finish), usage };
  }
}
