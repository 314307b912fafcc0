/**
 * `POST /chat` (API Gateway REST, proxy integration): `{"message", "conversation_id"?}` →
 * `200 {"conversation_id", "response"}`.
 *
 * The turn is stored only after the model answered in full: any error (bad input, unknown
 * conversation, model failure) stores nothing. Errors answer `{"message": …}` with the status of
 * the `HttpError` (see `lib/errors.ts`, `modelErrors.ts`); anything unexpected answers 500 and is
 * logged with its stack.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { callerUserId } from '../auth/callerUserId.js';
import { decodeBody, failureResponse, jsonResponse } from '../lib/http.js';
import { parseChatRequest } from './chatRequest.js';
import { completeTurn, prepareTurn } from './conversationTurn.js';
import type { ChatModel, ConversationStore } from './conversationTypes.js';

export interface ChatHandlerDependencies {
  store: ConversationStore;
  model: ChatModel;
  historyTurns: number;
  logger: Logger;
}

export type ChatHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Kept here too for callers that imported it from the chat handler. */

/** Builds the chat handler around its store and model (the real ones in `handler.ts`, fakes in tests). */
export function createChatHandler({ store, model, historyTurns, logger }: ChatHandlerDependencies): ChatHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      const userId = callerUserId(event);
      const request = parseChatRequest(decodeBody(event.body, event.isBase64Encoded));
      const turn = await prepareTurn(store, historyTurns, userId, request);
      const reply = await model.converse(turn.messages);
      await store.saveTurn(completeTurn(turn, model.modelId, reply.text, reply.usage));
      logger.info('Chat turn stored', {
        conversation_id: turn.conversationId,
        new_conversation: turn.isNewConversation,
        history_messages: turn.messages.length - 1,
        stop_reason: reply.stopReason,
        usage: reply.usage,
      });
      return jsonResponse(200, { conversation_id: turn.conversationId, response: reply.text });
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Chat request failed', refused: 'Chat request refused' });
    }
  };
}
