import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyGuardrail } from '../operations/applyGuardrail.js';
import type { GuardrailStore } from '../guardrails/GuardrailStore.js';
import { converse, converseStream } from '../operations/converse.js';
import { countTokensOperation } from '../operations/countTokens.js';
import { invokeModel, invokeModelWithResponseStream } from '../operations/invokeModel.js';
import { retrieve } from '../operations/retrieve.js';
import { retrieveAndGenerate, retrieveAndGenerateStream } from '../operations/retrieveAndGenerate.js';
import type { KnowledgeBaseSources } from '../operations/knowledgeBaseSearch.js';
import type { ModelCallInput } from '../operations/ModelCall.js';
import type { BedrockService } from './BedrockService.js';
import { parseJsonBody, plainHeaders } from './parseBody.js';
import { ClientGone } from './ClientGone.js';
import { sendEventStream } from './replies.js';

type ModelRequest = FastifyRequest<{ Params: { modelId: string } }>;

/** The model call a route hands to an operation. */
function modelCall(request: ModelRequest, reply: FastifyReply): ModelCallInput {
  return {
    modelId: request.params.modelId,
    body: parseJsonBody(request.body),
    rawBody: Buffer.isBuffer(request.body) ? request.body : undefined,
    headers: plainHeaders(request.headers),
    clientGone: new ClientGone(reply.raw),
  };
}

/** Bedrock runtime: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens, ApplyGuardrail. */
export function registerRuntimeRoutes(app: FastifyInstance, service: BedrockService, guardrails: GuardrailStore): void {
  app.post('/model/:modelId/converse', async (request: ModelRequest, reply) => {
    const output = await converse(service, modelCall(request, reply));
    return reply.header('content-type', 'application/json').send(JSON.stringify(output));
  });

  app.post('/model/:modelId/converse-stream', async (request: ModelRequest, reply) => {
    const frames = await converseStream(service, modelCall(request, reply));
    await sendEventStream(request, reply, frames);
  });

  app.post('/model/:modelId/invoke', async (request: ModelRequest, reply) => {
    const answer = await invokeModel(service, modelCall(request, reply));
    return reply
      .header('content-type', 'application/json')
      .header('x-amzn-bedrock-input-token-count', String(answer.inputTokens))
      .header('x-amzn-bedrock-output-token-count', String(answer.outputTokens))
      .header('x-amzn-bedrock-invocation-latency', String(answer.latencyMs))
      .send(Buffer.from(JSON.stringify(answer.body)));
  });

  app.post('/model/:modelId/invoke-with-response-stream', async (request: ModelRequest, reply) => {
    const frames = await invokeModelWithResponseStream(service, modelCall(request, reply));
    await sendEventStream(request, reply, frames);
  });

  app.post('/model/:modelId/count-tokens', async (request: ModelRequest, reply) => {
    const output = await countTokensOperation(service, modelCall(request, reply));
    return reply.header('content-type', 'application/json').send(JSON.stringify(output));
  });

  app.post(
    '/guardrail/:guardrailId/version/:guardrailVersion/apply',
    async (request: FastifyRequest<{ Params: { guardrailId: string; guardrailVersion: string } }>, reply) => {
      const call = {
        modelId: '',
        body: parseJsonBody(request.body),
        headers: plainHeaders(request.headers),
        clientGone: new ClientGone(reply.raw),
        guardrailId: request.params.guardrailId,
        guardrailVersion: request.params.guardrailVersion,
      };
      const output = await applyGuardrail(service, guardrails, call);
      return reply.header('content-type', 'application/json').send(JSON.stringify(output));
    },
  );
}

/** The knowledge base a RetrieveAndGenerate body names (what the invocation log shows as its model id). */
function ragKnowledgeBaseId(rawBody: unknown): string {
  const body = parseJsonBody(rawBody) as { retrieveAndGenerateConfiguration?: { knowledgeBaseConfiguration?: { knowledgeBaseId?: unknown } } };
  return String(body?.retrieveAndGenerateConfiguration?.knowledgeBaseConfiguration?.knowledgeBaseId ?? '');
}

/** Bedrock agent runtime: `/knowledgebases/{id}/retrieve`, `/retrieveAndGenerate` and `/retrieveAndGenerateStream`. */
export function registerAgentRuntimeRoutes(app: FastifyInstance, service: BedrockService, sources: KnowledgeBaseSources): void {
  app.post('/knowledgebases/:knowledgeBaseId/retrieve', async (request: FastifyRequest<{ Params: { knowledgeBaseId: string } }>, reply) => {
    const call = { modelId: request.params.knowledgeBaseId, body: parseJsonBody(request.body), headers: plainHeaders(request.headers), clientGone: new ClientGone(reply.raw) };
    const output = await retrieve(service, sources, call);
    return reply.header('content-type', 'application/json').send(JSON.stringify(output));
  });

  app.post('/retrieveAndGenerate', async (request, reply) => {
    const call = { modelId: ragKnowledgeBaseId(request.body), body: parseJsonBody(request.body), headers: plainHeaders(request.headers), clientGone: new ClientGone(reply.raw) };
    const output = await retrieveAndGenerate(service, sources, call);
    return reply.header('content-type', 'application/json').send(JSON.stringify(output));
  });

  app.post('/retrieveAndGenerateStream', async (request, reply) => {
    const call = { modelId: ragKnowledgeBaseId(request.body), body: parseJsonBody(request.body), headers: plainHeaders(request.headers), clientGone: new ClientGone(reply.raw) };
    const { sessionId, frames } = await retrieveAndGenerateStream(service, sources, call);
    reply.header('x-amzn-bedrock-knowledge-base-session-id', sessionId);
    await sendEventStream(request, reply, frames);
  });
}
