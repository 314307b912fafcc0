/**
 * The Step Functions API over HTTP (AWS JSON 1.0), so `@aws-sdk/client-sfn` and the AWS CLI drive
 * the local service like AWS. Requests are not signature-checked.
 *
 * `StartSyncExecution`: the SDK prefixes the host with `sync-` (endpoint trait `hostPrefix`), which
 * does not resolve for `127.0.0.1`; clients set `disableHostPrefix: true` (the AWS CLI does not
 * prefix when `--endpoint-url` is given). Every other operation needs no special configuration.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOn } from '../../listenOn.js';
import { SfnApiError } from '../errors.js';
import type { StepFunctionsServiceOptions } from '../service/StepFunctionsService.js';
import { StepFunctionsService } from '../service/StepFunctionsService.js';
import { readBody, sendError, sendJson, TARGET_PREFIX, toWireJson } from './awsJsonProtocol.js';
import { validationAnswer } from '../../validation/index.js';
import { findOperation } from './operations.js';

export interface StepFunctionsServerOptions extends StepFunctionsServiceOptions {
  host?: string;
  /** Default 8083; 0 picks a free port (tests). */
  port?: number;
  log?: (line: string) => void;
}

export interface RunningStepFunctions {
  url: string;
  port: number;
  service: StepFunctionsService;
  close(): Promise<void>;
}

/**
 * Starts the Step Functions API server.
 * @example
 * const sfn = await startStepFunctionsServer({ port: 0, stateMachines: model.stateMachines, runtime });
 * const client = new SFNClient({ endpoint: sfn.url, region: 'us-east-1', disableHostPrefix: true });
 */
export async function startStepFunctionsServer(options: StepFunctionsServerOptions = {}): Promise<RunningStepFunctions> {
  const service = await StepFunctionsService.create(options);
  const server = createServer((request, response) => {
    void handle(service, request, response, options.log);
  });
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  try {
    await listenOn(server, options.port ?? 8083, host, 'Step Functions API', '--stepfunctions-port');
  } catch (error) {
    await service.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    service,
    close: async () => {
      await closeServer(server);
      await service.close();
    },
  };
}

async function handle(service: StepFunctionsService, request: IncomingMessage, response: ServerResponse, log?: (line: string) => void): Promise<void> {
  try {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
      throw new SfnApiError('UnknownOperationException', `Unknown operation ${target || `${request.method} ${request.url}`}`);
    }
    const operationName = target.slice(TARGET_PREFIX.length);
    const operation = findOperation(operationName);
    if (!operation) throw new SfnApiError('UnknownOperationException', `Unknown operation ${operationName}`);
    const text = await readBody(request);
    let input: unknown = {};
    if (text.trim()) {
      try {
        input = JSON.parse(text);
      } catch {
        throw new SfnApiError('SerializationException', 'The request body is not valid JSON');
      }
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SfnApiError('SerializationException', 'The request body must be a JSON object');
    }
    validateRequest(operationName, input as Record<string, unknown>);
    const output = await operation(service, input as never);
    sendJson(response, 200, toWireJson(output));
  } catch (error) {
    if (error instanceof SfnApiError) {
      sendError(response, error);
      return;
    }
    log?.(`[stepfunctions] internal error: ${(error as Error).stack ?? String(error)}`);
    sendError(response, new SfnApiError('InternalFailure', (error as Error).message));
  }
}

/** Checks the request against the `stepfunctions` model, answering as AWS's JSON 1.0 protocol does. */
function validateRequest(operation: string, input: Record<string, unknown>): void {
  const answer = validationAnswer('stepfunctions', operation, input);
  if (answer) throw new SfnApiError(answer.code, answer.message);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
