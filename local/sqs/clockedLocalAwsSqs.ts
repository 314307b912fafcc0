/**
 * `local-aws-sqs` on the stack's clock. The package measures visibility timeouts, `DelaySeconds`,
 * `MessageRetentionPeriod` and its other waits with the global `setTimeout`/`setInterval`/`Date.now`;
 * changing those globals would move every service of the process. Instead its one bundled file is
 * compiled again as a CommonJS function whose `setTimeout`, `clearTimeout`, `setInterval`,
 * `clearInterval` and `Date` are the clock's, one copy per SQS server.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileFunction } from 'node:vm';
import type * as LocalAwsSqs from 'local-aws-sqs';
import type { StackClock } from '../clock/StackClock.js';

type LocalAwsSqsModule = typeof LocalAwsSqs;

const PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'];

let source: { file: string; text: string } | undefined;

/** The package's exports, with its timers and `Date.now()` on `clock`. */
export function loadClockedLocalAwsSqs(clock: StackClock): LocalAwsSqsModule {
  const file = createRequire(import.meta.url).resolve('local-aws-sqs');
  source ??= { file, text: readFileSync(file, 'utf8') };
  const factory = compileFunction(source.text, PARAMETERS, { filename: file }) as (...args: unknown[]) => void;
  const module = { exports: {} as LocalAwsSqsModule };
  factory(
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
    clock.setTimeout.bind(clock),
    clock.clearTimeout.bind(clock),
    clock.setInterval.bind(clock),
    clock.clearInterval.bind(clock),
    clockDate(clock),
  );
  return module.exports;
}

/** `Date` whose `now()` reads the clock (the package reads the time only through `Date.now()`). */
function clockDate(clock: StackClock): DateConstructor {
  return class ClockDate extends Date {
    static override now(): number {
      return clock.now();
    }
  } as DateConstructor;
}
