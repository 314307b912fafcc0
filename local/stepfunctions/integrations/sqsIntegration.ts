/**
 * `arn:aws:states:::sqs:sendMessage`: `QueueUrl`, `MessageBody` (an object is sent as its JSON
 * text), attributes, FIFO group and dedup ids, through `@aws-sdk/client-sqs`.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { Json } from '../engine/json.js';
import { isJsonObject, toJson } from '../engine/json.js';
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import { serviceError } from './serviceErrors.js';

export async function sendSqsMessage(client: SQSClient | undefined, action: string, parameters: Json, signal: AbortSignal): Promise<Json> {
  if (action !== 'sendMessage') throw new StatesError(StatesErrorName.Runtime, `sqs:${action} is not supported locally (only sqs:sendMessage)`);
  if (!client) throw new StatesError('SQS.SdkClientException', 'No SQS endpoint is configured for the local Step Functions service');
  if (!isJsonObject(parameters) || typeof parameters.QueueUrl !== 'string') {
    throw new StatesError(StatesErrorName.Runtime, 'sqs:sendMessage needs the parameter QueueUrl');
  }
  const body = parameters.MessageBody;
  const input = {
    ...parameters,
    MessageBody: typeof body === 'string' ? body : JSON.stringify(body ?? null),
  } as unknown as SendMessageCommandInput;
  try {
    const { $metadata: _metadata, ...output } = await client.send(new SendMessageCommand(input), { abortSignal: signal });
    return toJson(output);
  } catch (error) {
    throw serviceError('SQS', 'AmazonSQS', error);
  }
}
