/**
 * `POST /knowledge/query` (API Gateway REST, proxy integration):
 * `{"question", "mode"?, "max_results"?, "complex"?}` →
 * - generate (default): `200 {"answer", "citations", "model"}` (Bedrock `RetrieveAndGenerate`);
 * - retrieve: `200 {"results": [{"text", "score", "uri"}]}` (Bedrock `Retrieve`).
 *
 * Errors answer `{"message": …}` with the status of the `HttpError` (see `lib/errors.ts`,
 * `knowledgeBaseErrors.ts`); anything unexpected answers 500 and is logged with its stack.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { callerUserId } from '../auth/callerUserId.js';
import { decodeBody, failureResponse, jsonResponse } from '../lib/http.js';
import type { KnowledgeBase } from './bedrockKnowledgeBase.js';
import { toGeneratedAnswer, toRetrievedPassages } from './knowledgeAnswer.js';
import { parseKnowledgeRequest } from './knowledgeRequest.js';
import { locationOfFunction, modelArn } from './modelArn.js';
import { routeModel, type ModelRoutingConfig } from './modelRouting.js';

export interface KnowledgeHandlerDependencies {
  knowledgeBase: KnowledgeBase;
  routing: ModelRoutingConfig;
  logger: Logger;
}

export type KnowledgeHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Builds the knowledge handler around its knowledge base (the Bedrock one in `handler.ts`, fakes in tests). */
export function createKnowledgeHandler({ knowledgeBase, routing, logger }: KnowledgeHandlerDependencies): KnowledgeHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      callerUserId(event);
      const request = parseKnowledgeRequest(decodeBody(event.body, event.isBase64Encoded));
      if (request.mode === 'retrieve') {
        const body = toRetrievedPassages(await knowledgeBase.retrieve(request.question, request.maxResults));
        logger.info('Knowledge base retrieved', { mode: request.mode, results: body.results.length, top_uri: body.results[0]?.uri });
        return jsonResponse(200, body);
      }
      const routed = routeModel(request, routing);
      const arn = modelArn(routed.modelId, locationOfFunction(context.invokedFunctionArn));
      const body = toGeneratedAnswer(await knowledgeBase.retrieveAndGenerate(request.question, arn, request.maxResults), routed.modelId);
      logger.info('Knowledge base answered', {
        mode: request.mode,
        model: routed.modelId,
        routing: routed.reason,
        citations: body.citations.length,
        sources: [...new Set(body.citations.flatMap((c) => c.sources.map((s) => s.uri)))],
      });
      return jsonResponse(200, body);
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Knowledge query failed', refused: 'Knowledge query refused' });
    }
  };
}
