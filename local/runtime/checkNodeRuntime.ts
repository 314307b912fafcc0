/** Compares a template `Runtime` (`nodejs20.x`) with the Node.js running the kit. */

export type RuntimeCheck =
  | { kind: 'match' }
  | { kind: 'mismatch'; message: string }
  | { kind: 'unsupported'; message: string };

export function checkNodeRuntime(runtime: string, nodeVersion = process.versions.node): RuntimeCheck {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) return { kind: 'unsupported', message: `The runtime parameter of ${runtime} is not supported by the local runtime (Node.js functions only)` };
  const running = Number(nodeVersion.split('.')[0]);
  if (Number(match[1]) === running) return { kind: 'match' };
  return {
    kind: 'mismatch',
    message: `warning: functions declare Runtime ${runtime} but run on Node.js ${nodeVersion}; behaviour may differ from Lambda's`,
  };
}
