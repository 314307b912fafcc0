import { describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../local/stack.js';
import { localControl } from '../../../local/testing/localControl.js';

describe('localControl', () => {
  it("passes the running stack's clock through, when it has one", async () => {
    const moves: unknown[] = [];
    const running = { clock: { advance: async (duration: unknown) => void moves.push(duration), now: () => 42 } } as unknown as RunningStack;

    const control = localControl(running);
    await control.clock!.advance('1d');

    expect(moves).toEqual(['1d']);
    expect(await control.clock!.now()).toBe(42);
  });

});
