import type { FunctionInvocation } from '../runtime/FunctionInvocationLog.js';
import type { Endpoints } from '../stack/endpointsFile.js';
import { sendApiRequest, type ApiRequestInit, type ApiResponse } from './apiRequest.js';
import { NotInStackError } from './errors.js';
import { FakeBedrockControl } from './FakeBedrockControl.js';
import { StackClients } from './StackClients.js';
import type { StackControl, TestClock } from './StackControl.js';
import type { StackDescription } from './StackDescription.js';
import { StackExecutions } from './StackExecutions.js';
import { StackQueues } from './StackQueues.js';

/**
 * A running local stack as a test drives it: endpoints, credentials, SDK clients, the fake
 * Bedrock, queues, executions, function invocations, the clock. The same object whether the
 * stack runs in this process (`startStack`) or is shared by a suite (`useStack`).
 */
export class TestStack {
  readonly endpoints: Endpoints;
  /** The local API key (`x-api-key`), when an API requires one. */
  readonly apiKey?: string;
  /** A dev user's bearer token the local authorizer accepts, when the template has one. */
  readonly token?: string;
  readonly clients: StackClients;
  readonly queues: StackQueues;
  readonly executions: StackExecutions;
  private readonly bedrockControl?: FakeBedrockControl;

  constructor(
    readonly description: StackDescription,
    private readonly control: StackControl,
    private readonly onStop: () => Promise<void> = async () => undefined,
  ) {
    this.endpoints = description.endpoints;
    this.apiKey = description.endpoints.apiKey;
    this.token = description.endpoints.token;
    this.clients = new StackClients(description.endpoints);
    this.queues = new StackQueues(() => this.clients.sqs, description.queues);
    this.executions = new StackExecutions(() => this.clients.sfn, description.stateMachines);
    if (description.endpoints.bedrock) this.bedrockControl = new FakeBedrockControl(description.endpoints.bedrock);
  }

  /** The fake Bedrock: `fixtures()`, `faults()`, `invocations()`, `reset()`. */
  get bedrock(): FakeBedrockControl {
    if (!this.bedrockControl) throw new NotInStackError('stack.bedrock: this stack runs no fake Bedrock');
    return this.bedrockControl;
  }

  /** The stack clock: `advance('6m')`, `now()`. Throws when the stack has none. */
  get clock(): TestClock {
    if (!this.control.clock) throw new NotInStackError('stack.clock: this stack has no clock (a kit without the stack clock, or a stack started elsewhere without its control endpoint)');
    return this.control.clock;
  }

  /** A bearer token for another user (ownership tests), or an expired one (`{ expiresIn: -60 }`, seconds). */
  tokenFor(user: string, options: { expiresIn?: string | number } = {}): Promise<string> {
    return this.control.tokenFor(user, options);
  }

  /** Finished invocations of a function (logical id, name or ARN), oldest first: event, result or error, duration. */
  invocations(functionRef?: string): Promise<FunctionInvocation[]> {
    if (functionRef !== undefined && !this.hasFunction(functionRef)) {
      return Promise.reject(new NotInStackError(`stack.invocations: no function '${functionRef}' in the template (functions: ${Object.keys(this.description.functions).join(', ')})`));
    }
    return this.control.invocations(functionRef);
  }

  /** Whether the template has this function: logical id, name, or an ARN ending in its name. */
  private hasFunction(functionRef: string): boolean {
    const { functions } = this.description;
    const name = functionRef.startsWith('arn:') ? functionRef.split(':')[6] : functionRef;
    return name in functions || Object.values(functions).includes(name);
  }

  /**
   * Calls the API with the local API key and the dev token (or `user`'s), JSON in and out.
   *
   * @example
   * const { status, body } = await stack.api('/chat', { body: { message: 'Hello' } });
   */
  async api<T = Record<string, unknown>>(path: string, init: ApiRequestInit = {}): Promise<ApiResponse<T>> {
    const baseUrl = init.baseUrl ?? this.endpoints.api;
    if (!baseUrl) throw new NotInStackError('stack.api: this template has no API routes (pass baseUrl for a Function URL)');
    const token = init.user === undefined ? this.token : await this.tokenFor(init.user);
    const wanted: Record<string, string | undefined> = { 'content-type': 'application/json', 'x-api-key': this.apiKey, authorization: token && `Bearer ${token}`, ...init.headers };
    const headers = Object.fromEntries(Object.entries(wanted).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return sendApiRequest<T>(`${baseUrl.replace(/\/$/, '')}${path}`, init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers, init.body);
  }

  /** Stops the stack (when this object started it) and closes the clients. */
  async stop(): Promise<void> {
    this.clients.destroy();
    await this.onStop();
  }
}
