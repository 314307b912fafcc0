/**
 * The exact `sam build` / `sam local` commands for this machine, as `genai-kit sam-env` prints them:
 * the template's functions are arm64 by default (cheaper on AWS); on an x86 host SAM would run them
 * in arm64 images under emulation, where its container readiness check gives up before the emulator
 * listens (cold invokes fail). So on x86 the commands set `Architecture=x86_64`, for the local run only.
 */
import { COMPOSE_NETWORK } from './samEnvVars.js';

export interface SamCommandOptions {
  /** `process.arch`: `x64` or `arm64`. */
  hostArch: string;
  /** The env-vars file `genai-kit sam-env` wrote. */
  envFile: string;
  /** `sam local start-api`'s port: not 3000, which the compose `app` service holds. */
  port: number;
  /** Other `--parameter-overrides` the user gave (`K=V` words). */
  overrides: string[];
}

/** Lambda's name for the host's instruction set (`x86_64`, `arm64`), or undefined where Lambda has none. */
export function lambdaArchitecture(hostArch: string): 'x86_64' | 'arm64' | undefined {
  if (hostArch === 'x64') return 'x86_64';
  if (hostArch === 'arm64') return 'arm64';
  return undefined;
}

/** The commands, one a line, with a comment line before each. */
export function samCommands(options: SamCommandOptions): string[] {
  const architecture = lambdaArchitecture(options.hostArch) ?? 'x86_64';
  const overrides = [...options.overrides.filter((pair) => !pair.startsWith('Architecture=')), `Architecture=${architecture}`];
  const parameters = `--parameter-overrides ${overrides.join(' ')}`;
  const shared = `--env-vars ${options.envFile} --docker-network ${COMPOSE_NETWORK} ${parameters}`;
  return [
    `# this machine is ${architecture}: functions built and run as ${architecture} (deploy keeps the template's default, arm64)`,
    `sam build ${parameters}`,
    `# the compose app holds port 3000 (and must keep running: it serves Step Functions and consumes SQS)`,
    `sam local start-api --port ${options.port} ${shared}`,
    `sam local invoke ChatFunction --event events/chat-post.json ${shared}`,
    '# without a container registry, add --skip-pull-image and use Lambda images built on this machine',
    '# bearer tokens: npx genai-kit token (SAM runs the authorizer on every request; API keys are not checked)',
  ];
}
