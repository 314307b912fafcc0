/** A port the stack needs being taken is reported with the flag that moves it, for every listening service. */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer } from '../../local/bedrock/index.js';
import { StackClock, startClockServer } from '../../local/clock/index.js';
import { startDynamoDb } from '../../local/dynamodb/startDynamoDb.js';
import { startGateway } from '../../local/gateway/index.js';
import { PortInUseError } from '../../local/listenOn.js';
import { createLambdaRuntime } from '../../local/runtime/index.js';
import type { LambdaRuntime } from '../../local/runtime/types.js';
import { startSqsServer } from '../../local/sqs/SqsServer.js';
import { emptyModel, fixtureFunction } from '../fixtures/gateway/gatewayModel.js';

let taken: Server;
let port: number;
let buildDir: string;
let runtime: LambdaRuntime;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as AddressInfo).port;
  buildDir = await mkdtemp(path.join(tmpdir(), 'ports-'));
  runtime = await createLambdaRuntime({ ...emptyModel(), functions: [fixtureFunction('Hello', 'hello')] }, { buildDir, log: () => {} });
});

afterAll(async () => {
  await runtime.close();
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  await rm(buildDir, { recursive: true, force: true });
});

async function failureOf(start: () => Promise<unknown>): Promise<Error> {
  const failure = await start().then(
    () => new Error('started on a taken port'),
    (error: unknown) => error as Error,
  );
  expect(failure).toBeInstanceOf(PortInUseError);
  expect(failure.message).toContain(`127.0.0.1:${port}`);
  return failure;
}

describe('a taken port', () => {
  it('names --sqs-port for SQS', async () => {
    expect((await failureOf(() => startSqsServer({ host: '127.0.0.1', port }))).message).toContain('--sqs-port');
  });

  it('names --bedrock-port for the fake Bedrock', async () => {
    expect((await failureOf(() => startBedrockServer({ host: '127.0.0.1', port }))).message).toContain('--bedrock-port');
  });

  it('names --clock-port for the clock endpoint and --dynamodb-port for DynamoDB (its front, before any backend starts)', async () => {
    expect((await failureOf(() => startClockServer(new StackClock(), { host: '127.0.0.1', port }))).message).toContain('--clock-port');
    expect((await failureOf(() => startDynamoDb({ backend: 'local', host: '127.0.0.1', port }))).message).toContain('--dynamodb-port');
  });

  it('names --api-port for the API', async () => {
    const start = () => startGateway({ ...emptyModel(), functions: [fixtureFunction('Hello', 'hello')] }, runtime, { apiPort: port, apiKeys: [] });
    expect((await failureOf(start)).message).toContain('--api-port');
  });

  it('names --function-url-port for a Function URL', async () => {
    const model = { ...emptyModel(), functions: [fixtureFunction('Hello', 'hello')], functionUrls: [{ functionLogicalId: 'Hello', invokeMode: 'BUFFERED' as const, authType: 'NONE' as const }] };
    const start = () => startGateway(model, runtime, { apiPort: 0, functionUrlPorts: [port], apiKeys: [] });
    expect((await failureOf(start)).message).toContain('--function-url-port');
  });
});
