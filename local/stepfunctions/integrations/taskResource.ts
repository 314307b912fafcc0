/**
 * Parses a Task state's `Resource`: a Lambda function ARN, or an optimized / SDK service
 * integration `arn:aws:states:::<service>:<action>[.sync|.sync:2|.waitForTaskToken]`.
 */
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import type { TaskResourceKind } from '../engine/taskDispatcher.js';

export type IntegrationPattern = 'REQUEST_RESPONSE' | 'SYNC' | 'SYNC2' | 'WAIT_FOR_TASK_TOKEN';

export type TaskResource =
  | { kind: 'lambdaFunction'; functionArn: string; functionName: string }
  | { kind: 'service'; service: string; action: string; pattern: IntegrationPattern; resource: string };

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/;
const SERVICE_ARN = /^arn:aws[a-z-]*:states:::(?:aws-sdk:)?([a-zA-Z0-9-]+):([a-zA-Z0-9]+)(\.sync(?::2)?|\.waitForTaskToken)?$/;

export function parseTaskResource(resource: string): TaskResource {
  const lambda = LAMBDA_ARN.exec(resource);
  if (lambda) return { kind: 'lambdaFunction', functionArn: resource, functionName: lambda[1] };
  const service = SERVICE_ARN.exec(resource);
  if (service) {
    const [, name, action, suffix] = service;
    const pattern: IntegrationPattern =
      suffix === '.sync' ? 'SYNC' : suffix === '.sync:2' ? 'SYNC2' : suffix === '.waitForTaskToken' ? 'WAIT_FOR_TASK_TOKEN' : 'REQUEST_RESPONSE';
    return { kind: 'service', service: name, action, pattern, resource: `${action}${suffix ?? ''}` };
  }
  throw new StatesError(StatesErrorName.Runtime, `The resource '${resource}' is not a Lambda function ARN or a supported service integration`);
}

/** The resource as the history shows it. */
export function describeTaskResource(resource: string): TaskResourceKind {
  const parsed = parseTaskResource(resource);
  return parsed.kind === 'lambdaFunction'
    ? { kind: 'lambdaFunction', functionArn: parsed.functionArn }
    : { kind: 'service', resourceType: parsed.service, resource: parsed.resource };
}

/** `Name`, `function:Name`, a full ARN or ARN with qualifier → the function name. */
export function functionNameOf(functionName: string): string {
  const arn = LAMBDA_ARN.exec(functionName);
  if (arn) return arn[1];
  const partial = /^(?:\d{12}:)?function:([^:]+)/.exec(functionName);
  if (partial) return partial[1];
  return functionName.split(':')[0];
}
