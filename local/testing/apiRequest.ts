/** What `stack.api()` sends: JSON by default, with the stack's API key and dev token unless overridden. */
export interface ApiRequestInit {
  /** Default: GET without a body, POST with one. */
  method?: string;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  /** Extra headers; `undefined` removes a default one (`{ authorization: undefined }`). */
  headers?: Record<string, string | undefined>;
  /** Send a token for this user instead of the dev user's. */
  user?: string;
  /** Another base URL (a Function URL); default the API's. */
  baseUrl?: string;
}

/** An answer, read whole: its body parsed as JSON when it is JSON, else the text. */
export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** Sends one request and reads the whole answer. */
export async function sendApiRequest<T>(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<ApiResponse<T>> {
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: `body` is the text
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
