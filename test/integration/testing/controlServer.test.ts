/**
 * The control endpoint a suite's test files reach the shared stack through: tokens, function
 * invocations and the clock of the process that runs the stack, over HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FunctionInvocation } from '../../../local/runtime/FunctionInvocationLog.js';
import { remoteControl, startControlServer, type RunningControlServer } from '../../../local/testing/controlServer.js';
import { NotInStackError, TestStack, type StackControl } from '../../../local/testing/index.js';

const invocation: FunctionInvocation = { functionId: 'OrderFunction', functionName: 'app-OrderFunction', startedAt: '2026-12-07T00:00:00.000Z', event: {}, status: 'ok', payload: 1, durationMs: 3 };
let server: RunningControlServer | undefined;
afterEach(() => server?.close());

function fakeControl(withClock: boolean): StackControl & { advanced: unknown[] } {
  let now = Date.UTC(2026, 11, 7);
  const advanced: unknown[] = [];
  return {
    advanced,
    tokenFor: async (user, options) => `token-of-${user}-${String(options?.expiresIn ?? 'default')}`,
    invocations: async (functionRef) => (functionRef === undefined || functionRef === 'OrderFunction' ? [invocation] : []),
    ...(withClock ? { clock: { advance: async (duration) => void (advanced.push(duration), (now += 360_000)), now: async () => now } } : {}),
  };
}

describe('the control endpoint of a shared stack', () => {
  it('mints tokens, lists invocations and moves the clock for a test in another process', async () => {
    const control = fakeControl(true);
    server = await startControlServer(control);
    const remote = new TestStack({ endpoints: { region: 'us-east-1' }, functions: { OrderFunction: 'app-OrderFunction' }, queues: {}, stateMachines: {}, clock: true }, remoteControl(server.url, true));

    expect(await remote.tokenFor('alice', { expiresIn: -60 })).toBe('token-of-alice--60');
    expect(await remote.invocations('OrderFunction')).toEqual([invocation]);
    const before = await remote.clock.now();
    await remote.clock.advance('6m');
    expect(control.advanced).toEqual(['6m']);
    expect(await remote.clock.now()).toBe(before + 360_000);
  });

  it('says plainly when the stack has no clock', async () => {
    server = await startControlServer(fakeControl(false));
    const remote = new TestStack({ endpoints: { region: 'us-east-1' }, functions: {}, queues: {}, stateMachines: {}, clock: false }, remoteControl(server.url, false));
    const lying = remoteControl(server.url, true);

    expect(() => remote.clock).toThrow(NotInStackError);
    await expect(lying.clock!.advance('1d')).rejects.toThrow(/this stack has no clock/);
  });
});
