import { inject } from 'vitest';
import type { Endpoints } from '../../../local/stack/endpointsFile.js';

export function endpoints(): Endpoints {
  return inject('endpoints');
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Calls the local API over HTTP with the local API key and dev token unless the test overrides them. */
export async function callApi<T = Record<string, unknown>>(
  route: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string | undefined>; baseUrl?: string } = {},
): Promise<ApiResponse<T>> {
  const e = endpoints();
  const headers: Record<string, string> = {};
  const wanted = { 'content-type': 'application/json', 'x-api-key': e.apiKey, authorization: e.token && `Bearer ${e.token}`, ...init.headers };
  for (const [name, value] of Object.entries(wanted)) if (value !== undefined) headers[name] = value;
  const response = await fetch(`${init.baseUrl ?? e.api}${route}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test reads `text`
  }
  return { status: response.status, headers: response.headers, body: body as T, text };
}

/** What the fake Bedrock recorded (its inspection API). */
export async function bedrockInvocations(baseUrl = endpoints().bedrock): Promise<BedrockInvocation[]> {
  const response = await fetch(`${baseUrl}/_fake/invocations`);
  return ((await response.json()) as { invocations: BedrockInvocation[] }).invocations;
}

export interface BedrockInvocation {
  operation: string;
  modelId: string;
  input: { messages?: { role: string; content: { text?: string }[] }[]; [key: string]: unknown };
  timestamp: string;
  status: 'ok' | 'error';
  usage?: { inputTokens?: number; outputTokens?: number };
}
