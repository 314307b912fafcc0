/** Peak memory of a process, as Lambda's REPORT line counts it ("Max Memory Used"). */
import { readFileSync } from 'node:fs';

/** The process's peak resident set (`VmHWM` in `/proc/<pid>/status`) in MB; `previous` where /proc cannot tell. */
export function peakMemoryMb(pid: number, previous: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.max(previous, Math.ceil(Number(match[1]) / 1024)) : previous;
  } catch {
    return previous;
  }
}
