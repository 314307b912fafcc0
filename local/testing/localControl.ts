import type { RunningStack } from '../stack.js';
import type { StackClock, StackControl } from './StackControl.js';
import { NotInStackError } from './errors.js';

/** The running stack's clock, when it has one (the stack clock is optional: real time is the default). */
export function clockOf(running: RunningStack): StackClock | undefined {
  const clock = (running as RunningStack & { clock?: StackClock }).clock;
  return clock && typeof clock.advance === 'function' ? clock : undefined;
}

/** The control of a stack that runs in this process. */
export function localControl(running: RunningStack): StackControl {
  const clock = clockOf(running);
  return {
    async tokenFor(user, options = {}) {
      const token = await running.signToken(user, options.expiresIn);
      if (!token) throw new NotInStackError("this template's authorizers read no AUTH_JWT_SECRET, so the kit cannot mint tokens they accept");
      return token;
    },
    async invocations(functionRef) {
      return running.invocations.list(functionRef);
    },
    clock: clock && {
      advance: (duration) => clock.advance(duration),
      now: async () => clock.now(),
    },
  };
}
