/**
 * Typed factories for the events, contexts and fakes the unit tests of `src/` use.
 */
import { Writable } from 'node:stream';
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEvent,
  APIGatewayTokenAuthorizerEvent,
  Context,
  LambdaFunctionURLEvent,
} from 'aws-lambda';
import type { ConverseStreamOutput, Message } from '@aws-sdk/client-bedrock-runtime';
import type { InitializeHandler, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { NotFoundError } from '../../../src/lib/errors.js';
import type {
  ChatModel,
  CompletedTurn,
  ConversationStore,
  ModelReply,
  StoredTurn,
} from '../../../src/chat/conversationTypes.js';
import { CONVERSATION_NOT_FOUND } from '../../../src/chat/dynamoConversationStore.js';
import { turnSortKey } from '../../../src/chat/turnKey.js';

export const TEST_SECRET = 'unit-test-secret-unit-test-secret-0123456789';
export const TEST_ISSUER = 'serverless-genai-kit';
export const TEST_AUDIENCE = 'genai-api';
export const METHOD_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/chat';

export const silentLogger = (): Logger => new Logger({ serviceName: 'unit-test', logLevel: 'SILENT' });

export function contextFactory(overrides: Partial<Context> = {}): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'test-function',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test-function',
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: '/aws/lambda/test-function',
    logStreamName: '2025/01/18/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
    ...overrides,
  };
}

/** A REST API (payload 1.0) `POST /chat` event as API Gateway delivers it after the authorizer allowed `userId`. */
export function chatEventFactory(body: string | null, userId: string | null = 'user-1', overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    body,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: { 'Content-Type': ['application/json'] },
    httpMethod: 'POST',
    isBase64Encoded: false,
    path: '/chat',
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    resource: '/chat',
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: userId === null ? null : { principalId: userId, userId, integrationLatency: 0 },
      protocol: 'HTTP/1.1',
      httpMethod: 'POST',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: 'local-key',
        apiKeyId: 'key-id',
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '127.0.0.1',
        user: null,
        userAgent: 'vitest',
        userArn: null,
      },
      path: '/dev/chat',
      stage: 'dev',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: 1_428_582_896_000,
      resourceId: '123456',
      resourcePath: '/chat',
    },
    ...overrides,
  };
}

export function tokenAuthorizerEventFactory(authorizationToken: string, methodArn = METHOD_ARN): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn };
}

/** A Function URL (payload 2.0) event. */
export function functionUrlEventFactory(
  body: string | undefined,
  headers: Record<string, string> = {},
  method = 'POST',
): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'url-id',
      domainName: 'url-id.lambda-url.us-east-1.on.aws',
      domainPrefix: 'url-id',
      http: { method, path: '/', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1_583_348_638_390,
    },
    body,
    isBase64Encoded: false,
  };
}

/** A conversation store in memory with the production store's ownership rules. */
export class InMemoryConversationStore implements ConversationStore {
  readonly owners = new Map<string, string>();
  readonly turns = new Map<string, StoredTurn[]>();
  saveCalls = 0;
  failSave?: Error;

  async loadHistory(conversationId: string, userId: string, turns: number): Promise<StoredTurn[]> {
    if (this.owners.get(conversationId) !== userId) throw new NotFoundError(CONVERSATION_NOT_FOUND);
    return turns > 0 ? (this.turns.get(conversationId) ?? []).slice(-turns) : [];
  }

  async saveTurn(turn: CompletedTurn): Promise<void> {
    this.saveCalls += 1;
    if (this.failSave) throw this.failSave;
    const owner = this.owners.get(turn.conversationId);
    if (turn.isNewConversation ? owner !== undefined : owner !== turn.userId) throw new NotFoundError(CONVERSATION_NOT_FOUND);
    this.owners.set(turn.conversationId, turn.userId);
    const list = this.turns.get(turn.conversationId) ?? [];
    list.push({ sortKey: turnSortKey(), userMessage: turn.userMessage, assistantMessage: turn.assistantMessage });
    this.turns.set(turn.conversationId, list);
  }

  storedTurnCount(): number {
    return [...this.turns.values()].reduce((n, list) => n + list.length, 0);
  }
}

/** A scripted chat model that records the messages it was sent. */
export class ScriptedChatModel implements ChatModel {
  readonly modelId = 'test-model';
  readonly calls: Message[][] = [];
  reply: ModelReply = { text: 'Hello from the model', stopReason: 'end_turn', usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 } };
  error?: Error;
  /** Stream events; an `Error` entry is thrown at that point of the stream. */
  streamEvents: (ConverseStreamOutput | Error)[] = [];
  /** When set, the stream waits for it before yielding the event at `pauseAt`. */
  pause?: { at: number; until: Promise<void> };
  streamSignal?: AbortSignal;

  async converse(messages: Message[]): Promise<ModelReply> {
    this.calls.push(structuredClone(messages));
    if (this.error) throw this.error;
    return this.reply;
  }

  async converseStream(messages: Message[], signal: AbortSignal): Promise<AsyncIterable<ConverseStreamOutput>> {
    this.calls.push(structuredClone(messages));
    this.streamSignal = signal;
    if (this.error) throw this.error;
    const events = this.streamEvents;
    const pause = this.pause;
    return (async function* () {
      for (const [index, event] of events.entries()) {
        if (pause && pause.at === index) await pause.until;
        if (signal.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
        if (event instanceof Error) throw event;
        yield event;
      }
    })();
  }
}

/** Stream events of a model answering `chunks`. */
export function streamEventsFor(chunks: string[]): ConverseStreamOutput[] {
  return [
    { messageStart: { role: 'assistant' } },
    ...chunks.map((text): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } })),
    { contentBlockStop: { contentBlockIndex: 0 } },
    { messageStop: { stopReason: 'end_turn' } },
    { metadata: { usage: { inputTokens: 5, outputTokens: chunks.length, totalTokens: 5 + chunks.length }, metrics: { latencyMs: 1 } } },
  ];
}

/** A response stream that records what the handler wrote, and the metadata of `HttpResponseStream.from`. */
export class RecordingResponseStream extends Writable {
  readonly chunks: string[] = [];
  metadata?: { statusCode: number; headers: Record<string, string> };
  onChunk?: (chunk: string) => void;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = chunk.toString('utf8');
    this.chunks.push(text);
    this.onChunk?.(text);
    callback();
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/**
 * Makes a real SDK client answer without the network: its requests stop in its middleware stack,
 * each command input is recorded, and `answer` gives the output (or the error to throw).
 */
export function answerWithoutNetwork<Input extends object, Output extends MetadataBearer>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  answer: (input: Record<string, unknown>) => Record<string, unknown> | Error,
): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  client.middlewareStack.add(
    (): InitializeHandler<Input, Output> => async (args) => {
      const input = args.input as Record<string, unknown>;
      inputs.push(input);
      const result = answer(input);
      if (result instanceof Error) throw result;
      return { output: { ...result, $metadata: {} } as unknown as Output, response: {} };
    },
    { step: 'initialize', name: 'answerWithoutNetwork' },
  );
  return inputs;
}
