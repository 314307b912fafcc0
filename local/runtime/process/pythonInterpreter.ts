/**
 * Which Python runs a `python3.X` function: `python3.X` when it is on the PATH and starts, else
 * `python3` with a warning naming both versions (as the Node.js major check warns). Each command is
 * probed once per process (it must run, not only exist: a pyenv shim of a version that is not
 * selected is on the PATH but fails).
 */
import { execFile } from 'node:child_process';

export interface PythonInterpreter {
  command: string;
  /** `3.12.1` */
  version: string;
  /** Set when the interpreter's minor version is not the one the template names. */
  warning?: string;
}

const probes = new Map<string, Promise<string | undefined>>();

/** The interpreter for a `python3.X` runtime, or undefined when no Python 3 starts here. */
export async function findPythonInterpreter(runtime: string): Promise<PythonInterpreter | undefined> {
  const wanted = /^python(\d+\.\d+)$/.exec(runtime)?.[1];
  if (wanted) {
    const version = await probe(`python${wanted}`);
    if (version && minor(version) === wanted) return { command: `python${wanted}`, version };
  }
  const fallback = await probe('python3');
  if (!fallback) return undefined;
  if (wanted && minor(fallback) === wanted) return { command: 'python3', version: fallback };
  return {
    command: 'python3',
    version: fallback,
    warning: `warning: functions declare Runtime ${runtime} but run on Python ${fallback} (python${wanted ?? '3'} is not on the PATH); behaviour may differ from Lambda's`,
  };
}

function minor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function probe(command: string): Promise<string | undefined> {
  let version = probes.get(command);
  if (!version) {
    version = new Promise((resolve) => {
      execFile(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { timeout: 10_000 }, (error, stdout) => {
        const text = stdout.trim();
        resolve(!error && /^\d+\.\d+\.\d+$/.test(text) ? text : undefined);
      });
    });
    probes.set(command, version);
  }
  return version;
}
