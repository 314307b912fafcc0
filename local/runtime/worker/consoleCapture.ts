/**
 * Replaces the worker's `console` so that function output goes to the runtime's log as Lambda's
 * Node.js runtime formats it: `<ISO time>\t<requestId>\t<LEVEL>\t<message>` (`undefined` as the
 * request id outside an invocation, as during init).
 */
import { format } from 'node:util';

type Level = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

export interface ConsoleCapture {
  /** The request id printed on each line (set at the start of every invocation). */
  requestId: string | undefined;
  /** Writes one formatted line, as `console.<level>` would. */
  write(level: Level, message: string): void;
}

export function captureConsole(emit: (line: string) => void): ConsoleCapture {
  const capture: ConsoleCapture = {
    requestId: undefined,
    write(level, message) {
      emit(`${new Date().toISOString()}\t${capture.requestId}\t${level}\t${message}`);
    },
  };
  const at = (level: Level) => (...args: unknown[]) => capture.write(level, format(...args));
  console.log = at('INFO');
  console.info = at('INFO');
  console.warn = at('WARN');
  console.error = at('ERROR');
  console.debug = at('DEBUG');
  console.trace = (...args: unknown[]) => {
    const stack = new Error().stack?.split('\n').slice(2).join('\n') ?? '';
    capture.write('TRACE', `Trace: ${format(...args)}\n${stack}`);
  };
  return capture;
}
