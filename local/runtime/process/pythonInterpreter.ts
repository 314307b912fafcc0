/**
 * Which Python runs a `python3.X` function: `python3.X` when it is on the PATH and starts, else
 * `python3` with a warning naming both versions (as the Node.js major check warns). Each command is
 * probed once per process (it must run, not only exist: a pyenv shim of a version that is not
 * selected is on the PATH but fails).
 */
import { execFile } from 'node:child_process';

export interface PythonInterpreter {
  /** The command found on the PATH (`python3.12`), for messages. */
  command: string;
  /** Its `sys.executable`: spawned directly, so no shim (pyenv's is ~70 ms) sits in every cold start; a virtualenv's stays its own. */
  executable: string;
  /** `3.12.1` */
  version: string;
  /** Set when the interpreter's minor version is not the one the template names. */
  warning?: string;
}

interface Probe {
  version: string;
  executable: string;
}

const probes = new Map<string, Promise<Probe | undefined>>();

/** The interpreter for a `python3.X` runtime, or undefined when no Python 3 starts here. */
export async function findPythonInterpreter(runtime: string): Promise<PythonInterpreter | undefined> {
  const wanted = /^python(\d+\.\d+)$/.exec(runtime)?.[1];
  if (wanted) {
    const exact = await probe(`python${wanted}`);
    if (exact && minor(exact.version) === wanted) return { command: `python${wanted}`, ...exact };
  }
  const fallback = await probe('python3');
  if (!fallback) return undefined;
  if (wanted && minor(fallback.version) === wanted) return { command: 'python3', ...fallback };
  return {
    command: 'python3',
    ...fallback,
    warning: `warning: functions declare Runtime ${runtime} but run on Python ${fallback.version} (python${wanted ?? '3'} is not on the PATH); behaviour may differ from Lambda's`,
  };
}

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function probe(command: string): Promise<Probe | undefined> {
  let found = probes.get(command);
  if (!found) {
    found = new Promise((resolve) => {
      execFile(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)'], { timeout: 10_000 }, (error, stdout) => {
        const [version, executable] = stdout.trim().split('\n');
        resolve(!error && /^\d+\.\d+\.\d+$/.test(version ?? '') ? { version, executable: executable || command } : undefined);
      });
    });
    probes.set(command, found);
  }
  return found;
}
