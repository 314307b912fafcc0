/**
 * Routes Task states by their `Resource` ARN: Lambda functions and `lambda:invoke` to the local
 * Lambda runtime; `bedrock:invokeModel`, `dynamodb:*` and `sqs:sendMessage` over the real AWS SDK
 * to the local services; `states:startExecution` back into this service. A mocked test case
 * (MockConfigFile) answers for the states it names.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Json } from '../engine/json.js';
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import type { TaskDispatcher, TaskInvocation } from '../engine/taskDispatcher.js';
import type { LambdaRuntime } from '../../runtime/types.js';
import { localClientConfig } from '../../stack/localClientConfig.js';
import { invokeBedrockModel } from './bedrockIntegration.js';
import { callDynamoDb } from './dynamodbIntegration.js';
import { invokeFunction, invokeLambdaIntegration } from './lambdaIntegration.js';
import type { MockConfig } from './mockConfig.js';
import { applyMockedStep } from './mockConfig.js';
import { sendSqsMessage } from './sqsIntegration.js';
import type { ChildExecutions } from './startExecutionIntegration.js';
import { startChildExecution } from './startExecutionIntegration.js';
import { describeTaskResource, parseTaskResource } from './taskResource.js';

export interface ServiceEndpoints {
  bedrock?: string;
  dynamodb?: string;
  sqs?: string;
}

export interface LocalTaskDispatcherOptions {
  /** Runs Lambda tasks; may be attached later with `attachRuntime` (the stack starts it after this service). */
  runtime?: LambdaRuntime;
  endpoints?: ServiceEndpoints;
  executions?: ChildExecutions;
  /** The mock config in force (read for every mocked execution). */
  mockConfig?: () => MockConfig | undefined;
}

export class LocalTaskDispatcher implements TaskDispatcher {
  private runtime?: LambdaRuntime;
  private bedrock?: BedrockRuntimeClient;
  private dynamodb?: DynamoDBClient;
  private sqs?: SQSClient;

  constructor(private readonly options: LocalTaskDispatcherOptions = {}) {
    this.runtime = options.runtime;
    const endpoints = options.endpoints ?? {};
    // Integrations retry through the state's Retry field, as on AWS: one SDK attempt each.
    if (endpoints.bedrock) this.bedrock = new BedrockRuntimeClient({ ...localClientConfig(endpoints.bedrock), maxAttempts: 1 });
    if (endpoints.dynamodb) this.dynamodb = new DynamoDBClient({ ...localClientConfig(endpoints.dynamodb), maxAttempts: 1 });
    if (endpoints.sqs) this.sqs = new SQSClient({ ...localClientConfig(endpoints.sqs), maxAttempts: 1 });
  }

  attachRuntime(runtime: LambdaRuntime): void {
    this.runtime = runtime;
  }

  describe(resource: string) {
    return describeTaskResource(resource);
  }

  async invoke(invocation: TaskInvocation): Promise<Json> {
    const mocked = invocation.testCase
      ? this.options.mockConfig?.()?.next(invocation.stateMachineName, invocation.testCase, invocation.stateName, invocation.executionArn)
      : undefined;
    if (mocked) return applyMockedStep(mocked);
    const resource = parseTaskResource(invocation.resource);
    const { parameters, signal } = invocation;
    if (resource.kind === 'lambdaFunction') return invokeFunction(this.runtime, resource.functionName, parameters, signal);
    if (resource.pattern === 'WAIT_FOR_TASK_TOKEN') {
      throw new StatesError(StatesErrorName.Runtime, `${invocation.resource}: .waitForTaskToken is not supported locally`);
    }
    switch (resource.service) {
      case 'lambda':
        if (resource.action !== 'invoke') break;
        return invokeLambdaIntegration(this.runtime, parameters, signal);
      case 'bedrock':
        return invokeBedrockModel(this.bedrock, resource.action, parameters, signal);
      case 'dynamodb':
        return callDynamoDb(this.dynamodb, resource.action, parameters, signal);
      case 'sqs':
        return sendSqsMessage(this.sqs, resource.action, parameters, signal);
      case 'states':
        return startChildExecution(this.options.executions, resource.action, resource.pattern, parameters, signal);
      default:
        break;
    }
    throw new StatesError(StatesErrorName.Runtime, `The resource '${invocation.resource}' is not emulated locally`);
  }

  close(): void {
    this.bedrock?.destroy();
    this.dynamodb?.destroy();
    this.sqs?.destroy();
    this.bedrock = this.dynamodb = this.sqs = undefined;
  }
}
