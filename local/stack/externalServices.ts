/**
 * Services the stack uses instead of starting its own (`genai-kit start --dynamodb-endpoint …`),
 * e.g. the containers of `docker compose up`. The stack waits for each to answer before it
 * provisions anything, and stops with a message naming the one that does not: it never serves
 * half-configured.
 */

export interface ExternalServices {
  dynamodb?: string;
  sqs?: string;
  bedrock?: string;
}

const SERVICES: { key: keyof ExternalServices; name: string; flag: string; env: string; compose: string }[] = [
  { key: 'dynamodb', name: 'DynamoDB', flag: '--dynamodb-endpoint', env: 'GENAI_KIT_DYNAMODB_ENDPOINT', compose: 'dynamodb' },
  { key: 'sqs', name: 'SQS', flag: '--sqs-endpoint', env: 'GENAI_KIT_SQS_ENDPOINT', compose: 'sqs' },
  { key: 'bedrock', name: 'Bedrock', flag: '--bedrock-endpoint', env: 'GENAI_KIT_BEDROCK_ENDPOINT', compose: 'bedrock' },
];

/** Raised when an external service does not answer in time; says which and how to start it. */
export class ExternalServiceDownError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExternalServiceDownError';
  }
}

/** Endpoints from flags (`dynamodb-endpoint`, …) or, when a flag is absent, `GENAI_KIT_*_ENDPOINT`. */
export function externalServicesFrom(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ExternalServices {
  const services: ExternalServices = {};
  for (const service of SERVICES) {
    const value = flags[service.flag.slice(2)] ?? env[service.env];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !/^https?:\/\/[^/]+/.test(value)) {
      throw new Error(`${service.flag} (or ${service.env}) must be an http(s) URL, got '${String(value)}'`);
    }
    services[service.key] = value.replace(/\/+$/, '');
  }
  return services;
}

/** The `--help` lines of the endpoint flags. */
export const EXTERNAL_SERVICE_HELP = SERVICES.map(
  (s) => `  ${`${s.flag} <url>`.padEnd(28)} use a running ${s.name} instead of starting one (env ${s.env})`,
).join('\n');

/**
 * Waits until every external service answers HTTP (any status), checking them in parallel.
 *
 * @example
 * await waitForExternalServices({ dynamodb: 'http://dynamodb:8000' }, { timeoutMs: 60_000, log: console.log });
 */
export async function waitForExternalServices(
  services: ExternalServices,
  options: { timeoutMs?: number; log?: (line: string) => void } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const waits = SERVICES.filter((s) => services[s.key]).map(async (service) => {
    const url = services[service.key] as string;
    const deadline = Date.now() + timeoutMs;
    let said = false;
    let last = '';
    while (Date.now() < deadline) {
      try {
        await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (said) options.log?.(`[stack] ${service.name} at ${url} answers`);
        return;
      } catch (error) {
        last = String((error as Error).cause ?? (error as Error).message);
        if (!said) options.log?.(`[stack] waiting for ${service.name} at ${url} …`);
        said = true;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    throw new ExternalServiceDownError(
      `${service.name} at ${url} does not answer after ${Math.round(timeoutMs / 1000)} s (${last}). ` +
        `Start it (with compose: docker compose up -d ${service.compose}), or point ${service.flag} at a running one.`,
    );
  });
  const results = await Promise.allSettled(waits);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failures.length) throw new ExternalServiceDownError(failures.join('\n'));
}
