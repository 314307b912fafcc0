/**
 * A usage plan's throttle (token bucket: `burstLimit` tokens, refilled at `rateLimit` per second)
 * and quota (`limit` requests per DAY / WEEK / MONTH, UTC periods shifted by `offset`), per API key.
 */
import type { UsagePlanDef } from '../template/model.js';

export type UsageDecision = 'ok' | 'throttled' | 'quotaExceeded';

interface KeyUsage {
  tokens: number;
  refilledAt: number;
  quotaPeriodStart: number;
  quotaUsed: number;
}

const DAY_MS = 86_400_000;

/** Start (epoch ms) of the quota period containing `now`. */
export function quotaPeriodStart(period: 'DAY' | 'WEEK' | 'MONTH', offset: number, now: number): number {
  const d = new Date(now);
  const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (period === 'DAY') return dayStart;
  if (period === 'WEEK') {
    // offset 0 = Sunday, 1 = Monday, …
    const back = (d.getUTCDay() - offset + 7) % 7;
    return dayStart - back * DAY_MS;
  }
  // MONTH: offset = days after the first of the month.
  let start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1 + offset);
  if (start > now) start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1 + offset);
  return start;
}

export class UsagePlanLimiter {
  readonly #plan: UsagePlanDef;
  readonly #usage = new Map<string, KeyUsage>();
  readonly #clock: () => number;

  constructor(plan: UsagePlanDef, clock: () => number = Date.now) {
    this.#plan = plan;
    this.#clock = clock;
  }

  /** Counts one request for `keyId` and says whether it may pass. */
  take(keyId: string): UsageDecision {
    const now = this.#clock();
    const { throttle, quota } = this.#plan;
    const rate = throttle?.rateLimit;
    const burst = throttle?.burstLimit ?? (rate !== undefined ? Math.max(1, Math.ceil(rate)) : undefined);
    let usage = this.#usage.get(keyId);
    if (!usage) {
      usage = { tokens: burst ?? 0, refilledAt: now, quotaPeriodStart: 0, quotaUsed: 0 };
      this.#usage.set(keyId, usage);
    }
    if (burst !== undefined) {
      if (rate !== undefined) {
        usage.tokens = Math.min(burst, usage.tokens + ((now - usage.refilledAt) / 1000) * rate);
      }
      usage.refilledAt = now;
      if (usage.tokens < 1) return 'throttled';
    }
    if (quota) {
      const start = quotaPeriodStart(quota.period, quota.offset ?? 0, now);
      if (start !== usage.quotaPeriodStart) {
        usage.quotaPeriodStart = start;
        usage.quotaUsed = 0;
      }
      if (usage.quotaUsed >= quota.limit) return 'quotaExceeded';
      usage.quotaUsed++;
    }
    if (burst !== undefined) usage.tokens -= 1;
    return 'ok';
  }
}
