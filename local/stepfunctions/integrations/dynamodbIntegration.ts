/**
 * `arn:aws:states:::dynamodb:putItem|getItem|updateItem|deleteItem`: the parameters are the API's
 * own (`TableName`, `Item`/`Key` as low-level attribute values, condition and update expressions),
 * sent through `@aws-sdk/client-dynamodb`; the result is the API response without SDK metadata.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { Json } from '../engine/json.js';
import { isJsonObject, toJson } from '../engine/json.js';
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import { serviceError } from './serviceErrors.js';

type Input<C extends abstract new (...args: never[]) => unknown> = ConstructorParameters<C>[0];

// Each input is cast to its command's shape; the SDK and DynamoDB check it on the wire.
const COMMANDS = {
  putItem: (input: unknown) => new PutItemCommand(input as Input<typeof PutItemCommand>),
  getItem: (input: unknown) => new GetItemCommand(input as Input<typeof GetItemCommand>),
  updateItem: (input: unknown) => new UpdateItemCommand(input as Input<typeof UpdateItemCommand>),
  deleteItem: (input: unknown) => new DeleteItemCommand(input as Input<typeof DeleteItemCommand>),
};

function isSupported(action: string): action is keyof typeof COMMANDS {
  return Object.hasOwn(COMMANDS, action);
}

/** Binary attribute values (`B`, `BS`) arrive as base64 strings in ASL; the SDK wants bytes. */
function withBinary(value: Json): unknown {
  if (Array.isArray(value)) return value.map(withBinary);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'B' && typeof item === 'string') out[key] = Buffer.from(item, 'base64');
    else if (key === 'BS' && Array.isArray(item)) out[key] = item.map((b) => Buffer.from(String(b), 'base64'));
    else out[key] = withBinary(item);
  }
  return out;
}

export async function callDynamoDb(client: DynamoDBClient | undefined, action: string, parameters: Json, signal: AbortSignal): Promise<Json> {
  if (!client) throw new StatesError('DynamoDB.SdkClientException', 'No DynamoDB endpoint is configured for the local Step Functions service');
  if (!isJsonObject(parameters)) throw new StatesError(StatesErrorName.Runtime, `dynamodb:${action} needs an object of parameters`);
  if (!isSupported(action)) {
    throw new StatesError(StatesErrorName.Runtime, `dynamodb:${action} is not supported locally (putItem, getItem, updateItem, deleteItem)`);
  }
  const command = COMMANDS[action](withBinary(parameters));
  try {
    // The four commands share the client; the union of their send() overloads needs a widening cast.
    const { $metadata: _metadata, ...output } = (await client.send(command as PutItemCommand, { abortSignal: signal })) as { $metadata: unknown };
    return toJson(output);
  } catch (error) {
    throw serviceError('DynamoDB', 'AmazonDynamoDBv2', error);
  }
}
