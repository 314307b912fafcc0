import type { FaultRule } from '../bedrock/faults/FaultPlan.js';
import type { InvocationRecord } from '../bedrock/inspection/InvocationLog.js';
import type { FixtureRule } from '../bedrock/responders/FixtureRules.js';
import { TestingError } from './errors.js';

/**
 * The fake Bedrock's inspection API (`/_fake/*`, docs/fake-bedrock.md) as `stack.bedrock`: script
 * answers, inject faults, read what the application sent.
 */
export class FakeBedrockControl {
  constructor(readonly url: string) {}

  /**
   * Adds fixture rules (first match wins; `mode: 'replace'` drops the ones loaded before).
   *
   * @example
   * await stack.bedrock.fixtures([{ match: { lastUserMessage: 'weather' }, respond: { text: 'Sunny' } }]);
   */
  async fixtures(rules: FixtureRule | FixtureRule[], options: { mode?: 'append' | 'replace' } = {}): Promise<void> {
    await this.call('POST', `/fixtures${options.mode === 'replace' ? '?mode=replace' : ''}`, { rules: [rules].flat() });
  }

  /**
   * Adds faults (throttling, 503, timeouts, mid-stream exceptions, latency, dropped connections).
   *
   * @example
   * await stack.bedrock.faults({ fault: 'throttling', times: 2 });
   */
  async faults(rules: FaultRule | FaultRule[]): Promise<void> {
    await this.call('POST', '/faults', { faults: [rules].flat() });
  }

  /** What the fake answered (or refused), oldest first; optionally one operation's or one model's. */
  async invocations(filter: { operation?: string; modelId?: string } = {}): Promise<InvocationRecord[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const path = `/invocations${query.size ? `?${query}` : ''}`;
    return ((await this.call('GET', path)) as { invocations: InvocationRecord[] }).invocations;
  }

  /** Back to the configured state: invocations cleared, fixtures and faults as at start. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}/_fake${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as { error?: string };
    if (!response.ok) throw new TestingError(`the fake Bedrock refused ${method} /_fake${path} (${response.status}): ${answer.error ?? JSON.stringify(answer)}`);
    return answer;
  }
}
