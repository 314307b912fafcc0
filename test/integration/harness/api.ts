/**
 * The app suite's helpers over the testing API's `useStack()`: the stack globalSetup started
 * (whichever GENAI_KIT_STACK runs), its API, the fake Bedrock's invocation log.
 */
import { useStack, type ApiRequestInit, type ApiResponse, type Endpoints } from '../../../local/testing/vitest.js';

export type { ApiResponse };

export function endpoints(): Endpoints {
  return useStack().endpoints;
}

/** Calls the local API over HTTP with the local API key and dev token unless the test overrides them. */
export function callApi<T = Record<string, unknown>>(route: string, init: ApiRequestInit = {}): Promise<ApiResponse<T>> {
  return useStack().api<T>(route, init);
}

/** What the fake Bedrock recorded (its inspection API), with the request fields the suite reads typed. */
export async function bedrockInvocations(): Promise<BedrockInvocation[]> {
  return (await useStack().bedrock.invocations()) as unknown as BedrockInvocation[];
}

/** Tokens besides the dev user's: another user's (ownership tests) and an expired one. */
export async function otherUserToken(): Promise<string> {
  return useStack().tokenFor('other-user');
}

export async function expiredToken(): Promise<string> {
  return useStack().tokenFor('dev-user', { expiresIn: -3600 });
}

export interface BedrockInvocation {
  operation: string;
  modelId: string;
  input: { messages?: { role: string; content: { text?: string }[] }[]; [key: string]: unknown };
  timestamp: string;
  status: 'ok' | 'error';
  usage?: { inputTokens?: number; outputTokens?: number };
}
