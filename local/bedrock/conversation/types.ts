import type {
  InferenceConfiguration,
  Message,
  StopReason,
  SystemContentBlock,
  TokenUsage,
  ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import type { ResolvedModel } from '../catalogue/ModelCatalogue.js';

/** The runtime operations the fake serves (as AWS names them). */
export type OperationName =
  | 'Converse'
  | 'ConverseStream'
  | 'InvokeModel'
  | 'InvokeModelWithResponseStream'
  | 'CountTokens'
  | 'ApplyGuardrail'
  | 'Retrieve'
  | 'RetrieveAndGenerate'
  | 'RetrieveAndGenerateStream';

/**
 * A generation request in Converse's shape, whatever operation and body family it came in:
 * what responders see.
 */
export interface ModelRequest {
  operation: OperationName;
  model: ResolvedModel;
  system: SystemContentBlock[];
  messages: Message[];
  inferenceConfig: InferenceConfiguration;
  toolConfig?: ToolConfiguration;
  /** Request headers, lower-cased (for per-request responder or fault selection). */
  headers: Record<string, string | undefined>;
}

/** What a responder produces, in order. Text may come in pieces of any size. */
export type AnswerPart =
  | { kind: 'text'; text: string }
  | { kind: 'toolUse'; toolUseId?: string; name: string; input: unknown }
  | { kind: 'stop'; stopReason?: StopReason; usage?: Partial<Pick<TokenUsage, 'inputTokens' | 'outputTokens'>> };

/** Produces the answer to a request; may throw a `BedrockError` (before or after its first part). */
export interface Responder {
  readonly name: string;
  /** True when the answer already arrives at a model's pace (an upstream), so no pacing is added. */
  readonly paced?: boolean;
  /** True when `respond` never looks at its signal (then no signal is made for it). */
  readonly ignoresSignal?: boolean;
  respond(request: ModelRequest, signal: AbortSignal): AsyncIterable<AnswerPart> | Iterable<AnswerPart>;
}

/** The stream of events a generation yields: ConverseStream's events, in its own terms. */
export type GenerationEvent =
  | { type: 'messageStart' }
  | { type: 'blockStart'; index: number; toolUse?: { toolUseId: string; name: string } }
  | { type: 'textDelta'; index: number; text: string }
  | { type: 'toolInputDelta'; index: number; input: string }
  | { type: 'blockStop'; index: number }
  | { type: 'messageStop'; stopReason: StopReason }
  | { type: 'metadata'; usage: TokenUsage; latencyMs: number };
