/**
 * The first check of every runtime and agent-runtime operation: the request as the SDK sees it
 * (URI and header members plus the JSON body) against AWS's own service model, answered as AWS
 * answers it — `ValidationException` 400 listing every violation (positions from 1), or
 * `SerializationException` 400 for a member of the wrong JSON type. The semantic rules the model
 * cannot express (turn order, tool pairing, model capabilities) run after it, in the operations.
 */
import { validationAnswer } from '../../validation/index.js';
import { BedrockError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';

type BedrockModelName = 'bedrock-runtime' | 'bedrock-agent-runtime' | 'bedrock-agent';

/** Throws the fake's 400 when `input` breaks `operation`'s input shape in `service`'s model. */
export function assertModelInput(service: BedrockModelName, operation: string, input: Record<string, unknown>): void {
  const answer = validationAnswer(service, operation, input);
  if (answer) throw new BedrockError(answer.code, answer.message);
}

/** A JSON body's members, or none when the body is not an object (the operation refuses that itself). */
export function bodyMembers(body: unknown): Record<string, unknown> {
  return isRecord(body) ? body : {};
}

/** InvokeModel's input: the raw payload as bytes and the members Bedrock reads from headers. */
export function invokeModelInput(
  modelId: string,
  rawBody: Uint8Array | undefined,
  headers: Record<string, string | undefined>,
  streaming: boolean,
): Record<string, unknown> {
  return {
    modelId,
    body: rawBody,
    contentType: headers['content-type'],
    accept: streaming ? headers['x-amzn-bedrock-accept'] : headers.accept,
    trace: headers['x-amzn-bedrock-trace'],
    guardrailIdentifier: headers['x-amzn-bedrock-guardrailidentifier'],
    guardrailVersion: headers['x-amzn-bedrock-guardrailversion'],
    performanceConfigLatency: headers['x-amzn-bedrock-performanceconfig-latency'],
    serviceTier: headers['x-amzn-bedrock-service-tier'],
  };
}
