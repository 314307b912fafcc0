/**
 * One turn of a conversation, shared by the buffered chat path and the streaming path:
 * load the caller's history (or start a new conversation), build the model's messages, and — once
 * the model has answered in full — the record to store.
 */
import { randomUUID } from 'node:crypto';
import type { Message, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { BadGatewayError } from '../lib/errors.js';
import type { ChatRequest } from './chatRequest.js';
import { toConverseMessages } from './conversationHistory.js';
import type { CompletedTurn, ConversationStore } from './conversationTypes.js';

export interface PreparedTurn {
  conversationId: string;
  isNewConversation: boolean;
  userId: string;
  userMessage: string;
  /** History (last N turns, alternating) followed by the new user message. */
  messages: Message[];
}

/**
 * Prepares a turn for `userId`: a new conversation id when the request has none, else the history of
 * that conversation (404 when it is unknown or belongs to someone else).
 */
export async function prepareTurn(
  store: ConversationStore,
  historyTurns: number,
  userId: string,
  request: ChatRequest,
): Promise<PreparedTurn> {
  if (request.conversationId === undefined) {
    return {
      conversationId: randomUUID(),
      isNewConversation: true,
      userId,
      userMessage: request.message,
      messages: toConverseMessages([], request.message, historyTurns),
    };
  }
  const history = await store.loadHistory(request.conversationId, userId, historyTurns);
  return {
    conversationId: request.conversationId,
    isNewConversation: false,
    userId,
    userMessage: request.message,
    messages: toConverseMessages(history, request.message, historyTurns),
  };
}

/**
 * The turn to store once the model answered `reply`. An empty reply is refused (502): stored, it
 * would make every later request on the conversation fail, since Bedrock rejects blank messages.
 */
export function completeTurn(turn: PreparedTurn, modelId: string, reply: string, usage?: TokenUsage): CompletedTurn {
  if (reply.trim() === '') throw new BadGatewayError('The model returned an empty answer');
  return {
    conversationId: turn.conversationId,
    isNewConversation: turn.isNewConversation,
    userId: turn.userId,
    userMessage: turn.userMessage,
    assistantMessage: reply,
    modelId,
    ...(usage ? { usage } : {}),
  };
}
