/** Compares a function's `Architectures` with the machine the kit runs on, as the Node.js major check compares runtimes. */
import { lambdaArchitecture } from '../sam/samCommands.js';

/** A warning when the function is built for another instruction set than this machine's; undefined when they match. */
export function architectureWarning(architectures: string[], hostArch = process.arch): string | undefined {
  const declared = architectures[0] ?? 'x86_64';
  const host = lambdaArchitecture(hostArch) ?? hostArch;
  if (declared === host) return undefined;
  return (
    `warning: functions declare Architectures ${declared} but run on this ${host} machine; ` +
    `plain JavaScript and Python behave the same, but native modules or a custom runtime's bootstrap built for ${declared} (sam build) will not load here`
  );
}
