/**
 * The shapes the chat and streaming paths share: stored turns, the store and the model they talk to.
 */
import type { ConverseStreamOutput, Message, TokenUsage } from '@aws-sdk/client-bedrock-runtime';

/** One stored turn: the user's message and the assistant's reply, always together. */
export interface StoredTurn {
  sortKey: string;
  userMessage: string;
  assistantMessage: string;
}

/** A turn to store once the model has answered. */
export interface CompletedTurn {
  conversationId: string;
  /** True when this turn starts the conversation: its owner record is created with it. */
  isNewConversation: boolean;
  userId: string;
  userMessage: string;
  assistantMessage: string;
  modelId: string;
  usage?: TokenUsage;
}

export interface ConversationStore {
  /**
   * The last `turns` turns of a conversation owned by `userId`, oldest first.
   * @throws NotFoundError when the conversation does not exist or belongs to someone else.
   */
  loadHistory(conversationId: string, userId: string, turns: number): Promise<StoredTurn[]>;
  /** Stores a completed turn (one item), and the owner record of a new conversation. */
  saveTurn(turn: CompletedTurn): Promise<void>;
}

export interface ModelReply {
  text: string;
  stopReason?: string;
  usage?: TokenUsage;
}

/** The model behind the chat: Bedrock Converse / ConverseStream with a fixed model id and inference config. */
export interface ChatModel {
  readonly modelId: string;
  converse(messages: Message[], signal?: AbortSignal): Promise<ModelReply>;
  /** Opens a ConverseStream; resolves once the stream has started (errors before it reject). */
  converseStream(messages: Message[], signal: AbortSignal): Promise<AsyncIterable<ConverseStreamOutput>>;
}
