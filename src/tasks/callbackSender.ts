/**
 * POSTs a finished task to its `callback_url`: each attempt bounded by a timeout, a few attempts
 * with exponential backoff and jitter on network errors, timeouts, 429 and 5xx. Redirects are not
 * followed (they could lead past the URL policy). It never throws: a failing callback never fails
 * the task, it is only recorded and logged.
 */
import { CallbackUrlRefusedError, type CallbackUrlPolicy } from './callbackUrlPolicy.js';

export interface CallbackPayload {
  task_id: string;
  status: 'succeeded' | 'failed';
  result?: string;
  error?: string;
}

export interface CallbackOutcome {
  delivered: boolean;
  attempts: number;
  /** Why the last attempt failed. */
  reason?: string;
}

export interface CallbackSenderOptions {
  policy: CallbackUrlPolicy;
  timeoutMs: number;
  maxAttempts: number;
  /** First backoff in ms (doubled each attempt, plus up to 100% jitter). */
  baseDelayMs?: number;
  fetch?: typeof globalThis.fetch;
}

export class CallbackSender {
  readonly #options: Required<Omit<CallbackSenderOptions, 'fetch'>> & { fetch: typeof globalThis.fetch };

  constructor(options: CallbackSenderOptions) {
    this.#options = { baseDelayMs: 200, fetch: globalThis.fetch, ...options };
  }

  async send(rawUrl: string, payload: CallbackPayload): Promise<CallbackOutcome> {
    const { policy, timeoutMs, maxAttempts, baseDelayMs, fetch } = this.#options;
    let url: URL;
    try {
      url = policy.check(rawUrl);
      await policy.checkResolved(url);
    } catch (error) {
      const reason = error instanceof CallbackUrlRefusedError ? error.message : `callback host lookup failed: ${String(error)}`;
      return { delivered: false, attempts: 0, reason };
    }
    let reason = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryable = true;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'serverless-genai-kit-callback/1' },
          body: JSON.stringify(payload),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) return { delivered: true, attempts: attempt };
        reason = `callback answered ${response.status}`;
        retryable = response.status === 429 || response.status >= 500;
      } catch (error) {
        reason = error instanceof Error && error.name === 'TimeoutError' ? `callback timed out after ${timeoutMs} ms` : `callback failed: ${String(error)}`;
      }
      if (!retryable || attempt === maxAttempts) return { delivered: false, attempts: attempt, reason };
      const delay = baseDelayMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    }
    return { delivered: false, attempts: maxAttempts, reason };
  }
}
