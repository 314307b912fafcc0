/**
 * Lambda tasks, run by the local Lambda runtime: a function ARN as `Resource` (the result is the
 * function's return value) and `arn:aws:states:::lambda:invoke` (the result wraps it under `Payload`
 * with `StatusCode`, `ExecutedVersion` and the SDK metadata, as on AWS).
 */
import { randomUUID } from 'node:crypto';
import type { Json } from '../engine/json.js';
import { isJsonObject, toJson } from '../engine/json.js';
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import type { LambdaRuntime, InvokeResult } from '../../runtime/types.js';
import { functionNameOf } from './taskResource.js';

const STATE_MACHINE_TRIGGER = { kind: 'stateMachine' } as const;

/** Invokes a function and returns its payload, or throws the StatesError Step Functions reports. */
export async function invokeFunction(runtime: LambdaRuntime | undefined, functionName: string, payload: Json, signal: AbortSignal): Promise<Json> {
  if (!runtime) throw new StatesError('Lambda.ServiceException', 'No Lambda runtime is attached to the local Step Functions service');
  let result: InvokeResult;
  try {
    result = await runtime.invoke(functionName, payload, { signal, trigger: STATE_MACHINE_TRIGGER });
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'FunctionNotFoundError' || name === 'ResourceNotFoundException') {
      throw new StatesError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${functionName} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
      );
    }
    throw new StatesError('Lambda.ServiceException', (error as Error).message);
  }
  if (result.status === 'ok') return toJson(result.payload);
  if (result.status === 'throttled') {
    throw new StatesError(
      'Lambda.TooManyRequestsException',
      `Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: ${randomUUID()}; Proxy: null)`,
    );
  }
  const { errorType, errorMessage, trace } = result.error;
  throw new StatesError(errorType, JSON.stringify({ errorMessage, errorType, ...(trace ? { trace } : {}) }));
}

/** `arn:aws:states:::lambda:invoke`: `FunctionName` + `Payload` in, the Invoke response out. */
export async function invokeLambdaIntegration(runtime: LambdaRuntime | undefined, parameters: Json, signal: AbortSignal): Promise<Json> {
  if (!isJsonObject(parameters) || typeof parameters.FunctionName !== 'string') {
    throw new StatesError(StatesErrorName.Runtime, 'lambda:invoke needs the parameter FunctionName');
  }
  const functionName = functionNameOf(parameters.FunctionName);
  const payload = parameters.Payload === undefined ? {} : parameters.Payload;
  const requestId = randomUUID();
  if (parameters.InvocationType === 'Event') {
    void invokeFunction(runtime, functionName, payload, new AbortController().signal).catch(() => undefined);
    return lambdaResponse(202, '', requestId);
  }
  const output = await invokeFunction(runtime, functionName, payload, signal);
  return lambdaResponse(200, output, requestId);
}

function lambdaResponse(statusCode: number, payload: Json, requestId: string): Json {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': ['$LATEST'],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [requestId],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Type': 'application/json',
        'X-Amz-Executed-Version': '$LATEST',
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': requestId,
      },
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: statusCode,
  };
}
