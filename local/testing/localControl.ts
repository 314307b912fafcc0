import type { RunningStack } from '../stack.js';
import type { StackControl } from './StackControl.js';
import { NotInStackError } from './errors.js';

/** The control of a stack that runs in this process. */
export function localControl(running: RunningStack): StackControl {
  const clock = running.clock;
  return {
    async tokenFor(user, options = {}) {
      const token = await running.signToken(user, options.expiresIn);
      if (!token) throw new NotInStackError("this template's authorizers read no AUTH_JWT_SECRET, so the kit cannot mint tokens they accept");
      return token;
    },
    async invocations(functionRef) {
      return running.invocations.list(functionRef);
    },
    clock: {
      advance: (duration) => clock.advance(duration),
      now: async () => clock.now(),
    },
  };
}
