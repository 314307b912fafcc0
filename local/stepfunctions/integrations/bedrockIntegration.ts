/**
 * `arn:aws:states:::bedrock:invokeModel`: `ModelId`, `Body` (a JSON object, sent as its JSON
 * text), `ContentType`, `Accept` and the optional guardrail/trace fields go to `InvokeModel` through
 * the real SDK; the result is `{ Body: <the parsed JSON answer>, ContentType }`. S3 `Input`/`Output`
 * are not emulated.
 */
import { InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { InvokeModelCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { Json } from '../engine/json.js';
import { isJsonObject } from '../engine/json.js';
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import { serviceError } from './serviceErrors.js';

export async function invokeBedrockModel(client: BedrockRuntimeClient | undefined, action: string, parameters: Json, signal: AbortSignal): Promise<Json> {
  if (action !== 'invokeModel') throw new StatesError(StatesErrorName.Runtime, `bedrock:${action} is not supported locally (only bedrock:invokeModel)`);
  if (!client) throw new StatesError('Bedrock.SdkClientException', 'No Bedrock endpoint is configured for the local Step Functions service');
  if (!isJsonObject(parameters) || typeof parameters.ModelId !== 'string') {
    throw new StatesError(StatesErrorName.Runtime, 'bedrock:invokeModel needs the parameter ModelId');
  }
  if (parameters.Input !== undefined || parameters.Output !== undefined) {
    throw new StatesError(StatesErrorName.Runtime, 'bedrock:invokeModel with S3 Input/Output is not supported locally; pass Body');
  }
  const body = parameters.Body;
  const input: InvokeModelCommandInput = {
    modelId: parameters.ModelId,
    body: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
    contentType: typeof parameters.ContentType === 'string' ? parameters.ContentType : 'application/json',
    accept: typeof parameters.Accept === 'string' ? parameters.Accept : 'application/json',
    ...(typeof parameters.GuardrailIdentifier === 'string' ? { guardrailIdentifier: parameters.GuardrailIdentifier } : {}),
    ...(typeof parameters.GuardrailVersion === 'string' ? { guardrailVersion: parameters.GuardrailVersion } : {}),
    ...(parameters.Trace === 'ENABLED' || parameters.Trace === 'DISABLED' ? { trace: parameters.Trace } : {}),
  };
  try {
    const output = await client.send(new InvokeModelCommand(input), { abortSignal: signal });
    const text = new TextDecoder().decode(output.body);
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      parsed = text;
    }
    return { Body: parsed, ContentType: output.contentType ?? 'application/json' };
  } catch (error) {
    throw serviceError('Bedrock', 'BedrockRuntime', error);
  }
}
