/**
 * POSTs a finished task to its `callback_url`: the host resolved once and checked, every attempt
 * connected to that checked address (`pinnedPost`), each bounded by a timeout, a few attempts with
 * exponential backoff and jitter on network errors, timeouts, 429 and 5xx. Redirects are not
 * followed (they could lead past the URL policy). It never throws: a failing callback never fails
 * the task, it is only recorded and logged.
 */
import { CallbackUrlRefusedError, type CallbackUrlPolicy, type PinnedTarget } from './callbackUrlPolicy.js';
import { pinnedPost } from './pinnedPost.js';

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
}

export class CallbackSender {
  readonly #options: Required<CallbackSenderOptions>;

  constructor(options: CallbackSenderOptions) {
    this.#options = { baseDelayMs: 200, ...options };
  }

  async send(rawUrl: string, payload: CallbackPayload): Promise<CallbackOutcome> {
    const { policy, timeoutMs, maxAttempts, baseDelayMs } = this.#options;
    let target: PinnedTarget;
    try {
      target = await policy.resolve(policy.check(rawUrl));
    } catch (error) {
      const reason = error instanceof CallbackUrlRefusedError ? error.message : 'callback host lookup failed';
      return { delivered: false, attempts: 0, reason };
    }
    const body = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', 'user-agent': 'serverless-genai-kit-callback/1' };
    let reason = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryable = true;
      try {
        const status = await pinnedPost(target, body, headers, timeoutMs);
        if (status >= 200 && status < 300) return { delivered: true, attempts: attempt };
        reason = `callback answered ${status}`;
        retryable = status === 429 || status >= 500;
      } catch (error) {
        const name = error instanceof Error ? error.name : '';
        reason = name === 'AbortError' || name === 'TimeoutError' ? `callback timed out after ${timeoutMs} ms` : `callback failed: ${(error as NodeJS.ErrnoException).code ?? 'connection error'}`;
      }
      if (!retryable || attempt === maxAttempts) return { delivered: false, attempts: attempt, reason };
      const delay = baseDelayMs * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    }
    return { delivered: false, attempts: maxAttempts, reason };
  }
}
