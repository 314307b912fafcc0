/**
 * Replaces the worker's `console` so that function output goes to the runtime's log as Lambda's
 * Node.js runtime formats it (aws-lambda-nodejs-runtime-interface-client, LogPatch.js, read
 * 2026-12-07):
 * - text: `<ISO time>\t<requestId>\t<LEVEL>\t<message>` (`undefined` as the request id outside an
 *   invocation, as during init);
 * - `AWS_LAMBDA_LOG_FORMAT=JSON` (the template's `LoggingConfig.LogFormat: JSON`):
 *   `{"timestamp","level","requestId","message"}`, a lone argument kept as a value (an Error as
 *   `{errorType, errorMessage, stackTrace}`), several formatted as one string with the first
 *   Error's fields beside it;
 * - `AWS_LAMBDA_LOG_LEVEL` drops the levels below it (`console.fatal` always logs).
 */
import { format } from 'node:util';
import type { FunctionError } from '../types.js';
import { invokeErrorLogMessage } from './toFunctionError.js';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
type Level = (typeof LEVELS)[number];

export interface ConsoleCapture {
  /** The request id printed on each line (set at the start of every invocation). */
  requestId: string | undefined;
  /** Logs a function error the runtime reports (`Invoke Error`, `Init Error`), in the function's log format. */
  writeError(error: FunctionError, label: string): void;
}

export function captureConsole(emit: (line: string) => void, env: NodeJS.ProcessEnv = process.env): ConsoleCapture {
  const json = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  const minimum = Math.max(0, LEVELS.indexOf(env.AWS_LAMBDA_LOG_LEVEL?.toUpperCase() as Level));
  const capture: ConsoleCapture = {
    requestId: undefined,
    writeError(error, label) {
      if (!json) return emit(line('ERROR', invokeErrorLogMessage(error, label)));
      emit(jsonLine('ERROR', capture.requestId, [{ errorType: error.errorType, errorMessage: error.errorMessage, stackTrace: error.trace ?? [] }]));
    },
  };
  const line = (level: Level, message: string) => `${new Date().toISOString()}\t${capture.requestId}\t${level}\t${message}`;
  const write = (level: Level, args: unknown[]) => emit(json ? jsonLine(level, capture.requestId, args) : line(level, format(...args)));
  const at = (level: Level) => (LEVELS.indexOf(level) < minimum && level !== 'FATAL' ? () => undefined : (...args: unknown[]) => write(level, args));
  console.log = at('INFO');
  console.info = at('INFO');
  console.warn = at('WARN');
  console.error = at('ERROR');
  console.debug = at('DEBUG');
  (console as Console & { fatal?: (...args: unknown[]) => void }).fatal = at('FATAL');
  const trace = at('TRACE');
  console.trace = (...args: unknown[]) => {
    const stack = new Error().stack?.split('\n').slice(2).join('\n') ?? '';
    trace(`Trace: ${format(...args)}\n${stack}`);
  };
  return capture;
}

function jsonLine(level: Level, requestId: string | undefined, args: unknown[]): string {
  const entry: Record<string, unknown> = { timestamp: new Date().toISOString(), level, requestId };
  if (args.length === 1) {
    try {
      return JSON.stringify({ ...entry, message: args[0] }, errorAsFields);
    } catch {
      return JSON.stringify({ ...entry, message: format(args[0]) });
    }
  }
  entry.message = format(...args);
  const error = args.find((arg) => arg instanceof Error);
  if (error) Object.assign(entry, errorFields(error));
  return JSON.stringify(entry);
}

function errorAsFields(_key: string, value: unknown): unknown {
  return value instanceof Error ? { ...errorFields(value), ...value } : value;
}

function errorFields(error: Error): { errorType: string; errorMessage: string; stackTrace: string[] } {
  return { errorType: error.constructor?.name ?? 'UnknownError', errorMessage: error.message, stackTrace: typeof error.stack === 'string' ? error.stack.split('\n') : [] };
}
