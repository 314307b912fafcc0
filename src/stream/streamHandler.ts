/**
 * The streaming chat: `POST /chat/stream` on the REST API, a Lambda proxy integration with response
 * streaming (`ResponseTransferMode: RESPONSE_STREAM`), forwarding Bedrock ConverseStream deltas as
 * Server-Sent Events as they arrive.
 *
 * Auth: API Gateway runs the API's cached TOKEN authorizer, checks the caller's API key (the
 * authorizer's `usageIdentifierKey`) and the usage plan before it invokes this function, so an
 * unauthenticated request never reaches (or bills) it. The caller's id comes from the authorizer's
 * context, as in `POST /chat`; an event without one (a route left without the authorizer) → 401.
 *
 * Answers:
 * - before the model stream starts, errors are plain JSON with a status: 401 (no authorizer
 *   identity), 405 (not POST), 400/413 (body, as `POST /chat`), 404 (conversation),
 *   429/503/504/502 (Bedrock, as `POST /chat`);
 * - then `200 text/event-stream`: `data: {"text":"…"}` per delta, then — once the turn is stored —
 *   `data: {"usage":{…},"conversation_id":"…"}` and `data: [DONE]`;
 * - a failure mid-stream (Bedrock exception event, store failure): `event: error` with
 *   `data: {"error":{"status":…,"message":"…"}}`, then the stream ends (no `[DONE]`), nothing stored;
 * - a client that disconnects aborts the Bedrock call; nothing is stored.
 */
import type { Writable } from 'node:stream';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import type { ConverseStreamOutput, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MethodNotAllowedError } from '../lib/errors.js';
import { decodeBody, logHttpError } from '../lib/http.js';
import { callerUserId } from '../auth/callerUserId.js';
import { parseChatRequest } from '../chat/chatRequest.js';
import { completeTurn, prepareTurn } from '../chat/conversationTurn.js';
import type { PreparedTurn } from '../chat/conversationTurn.js';
import type { ChatModel, ConversationStore } from '../chat/conversationTypes.js';
import { ClientConnection } from './clientConnection.js';
import { SSE_DONE, sseEvent } from './serverSentEvents.js';

/** Status, headers and cookies of a streamed response, as `awslambda.HttpResponseStream.from` takes them. */
export interface ResponseMetadata {
  statusCode: number;
  headers: Record<string, string>;
}

/** `awslambda.HttpResponseStream.from`: writes the metadata prelude and returns the stream to write the body to. */
export type OpenResponse = (responseStream: Writable, metadata: ResponseMetadata) => Writable;

export interface StreamHandlerDependencies {
  store: ConversationStore;
  model: ChatModel;
  historyTurns: number;
  logger: Logger;
  openResponse: OpenResponse;
}

export type StreamHandler = (event: APIGatewayProxyEvent, responseStream: Writable, context: Context) => Promise<void>;

const SSE_HEADERS = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };

/** Builds the streaming handler (wrap it in `awslambda.streamifyResponse`, see `handler.ts`). */
export function createStreamHandler(deps: StreamHandlerDependencies): StreamHandler {
  const { logger } = deps;

  return async (event, responseStream, context) => {
    logger.addContext(context);
    const connection = new ClientConnection(responseStream);

    let turn: PreparedTurn;
    let modelStream: AsyncIterable<ConverseStreamOutput>;
    try {
      const userId = callerUserId(event);
      if (event.httpMethod.toUpperCase() !== 'POST') throw new MethodNotAllowedError('Use POST');
      const request = parseChatRequest(decodeBody(event.body, event.isBase64Encoded));
      turn = await prepareTurn(deps.store, deps.historyTurns, userId, request);
      modelStream = await deps.model.converseStream(turn.messages, connection.signal);
    } catch (error) {
      if (connection.disconnected) {
        logger.info('Client disconnected before the stream started');
        return;
      }
      const httpError = logHttpError(logger, error, { failed: 'Stream request refused', refused: 'Stream request refused' });
      const body = deps.openResponse(responseStream, { statusCode: httpError.statusCode, headers: { 'Content-Type': 'application/json' } });
      connection.end(body, JSON.stringify({ message: httpError.message }));
      return;
    }

    const body = deps.openResponse(responseStream, { statusCode: 200, headers: SSE_HEADERS });
    let reply = '';
    let usage: TokenUsage | undefined;
    try {
      for await (const output of modelStream) {
        if (connection.disconnected) break;
        const text = output.contentBlockDelta?.delta?.text;
        if (text) {
          reply += text;
          await connection.write(body, sseEvent({ text }));
        }
        if (output.metadata?.usage) usage = output.metadata.usage;
      }
      if (connection.disconnected) {
        logger.info('Client disconnected mid-stream; model stream aborted, turn not stored', { conversation_id: turn.conversationId });
        return;
      }
      await deps.store.saveTurn(completeTurn(turn, deps.model.modelId, reply, usage));
      logger.info('Streamed chat turn stored', {
        conversation_id: turn.conversationId,
        new_conversation: turn.isNewConversation,
        history_messages: turn.messages.length - 1,
        usage,
      });
      await connection.write(body, sseEvent({ usage: usage ?? {}, conversation_id: turn.conversationId }));
      connection.end(body, SSE_DONE);
    } catch (error) {
      if (connection.disconnected) {
        logger.info('Client disconnected mid-stream; model stream aborted, turn not stored', { conversation_id: turn.conversationId });
        return;
      }
      const message = 'Stream failed mid-way; turn not stored';
      const httpError = logHttpError(logger, error, { failed: message, refused: message });
      connection.end(body, sseEvent({ error: { status: httpError.statusCode, message: httpError.message } }, 'error'));
    }
  };
}
