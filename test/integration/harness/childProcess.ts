import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface StartedChild<T> {
  child: ChildProcess;
  /** The first line the child printed on stdout, parsed as JSON. */
  ready: T;
  /** Sends SIGKILL and waits for the process to be gone. */
  kill9(): Promise<void>;
}

/**
 * Runs a TypeScript file in its own Node process (through tsx) and waits until `ready` accepts a
 * line it prints on stdout (default: the first line, parsed as JSON); stderr is kept for the error
 * when it exits before that.
 */
export async function startChild<T>(
  script: string,
  args: string[],
  timeoutMs = 60_000,
  ready: (line: string) => T | undefined = (line) => JSON.parse(line) as T,
): Promise<StartedChild<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const readyValue = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    const onLine = (line: string): void => {
      let value: T | undefined;
      try {
        value = ready(line);
      } catch {
        clearTimeout(timer);
        reject(new Error(`${script} printed ${line}\n${stderr}`));
        return;
      }
      if (value === undefined) return;
      clearTimeout(timer);
      lines.off('line', onLine);
      child.stdout!.resume();
      resolve(value);
    };
    lines.on('line', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${String(code)}) before it was ready:\n${stderr}`));
    });
  });
  return {
    child,
    ready: readyValue,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
