import { startStack, type RunningStack, type StackOptions } from '../../../local/stack.js';
import { parseDynamoDbBackend } from '../../../local/dynamodb/startDynamoDb.js';
import { startStack as startTestingStack, type StartedTestStack, type TestStack, type TestStackOptions } from '../../../local/testing/index.js';

/** Which stack the integration suite runs against: `GENAI_KIT_STACK` = embedded (default) | containers | compose. */
export type StackKind = 'embedded' | 'containers' | 'compose';

export function stackKind(): StackKind {
  const kind = process.env.GENAI_KIT_STACK ?? 'embedded';
  if (kind !== 'embedded' && kind !== 'containers' && kind !== 'compose') {
    throw new Error(`GENAI_KIT_STACK must be embedded, containers or compose, got '${kind}'`);
  }
  return kind;
}

/** Collects a stack's log lines so a failing test can print them instead of flooding every run. */
export function quietLog(): { log: (line: string) => void; lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (line) => (lines.length < 5000 ? lines.push(line) : undefined) };
}

/** Starts an embedded stack the way the tests need it: random ports, in memory unless a data dir is given. */
export async function startEmbeddedStack(options: Partial<StackOptions> = {}): Promise<RunningStack> {
  const output = quietLog();
  return startStack({
    ephemeral: options.dataDir === undefined,
    ports: 'random',
    watch: false,
    writeEndpointsFile: options.dataDir !== undefined,
    // GENAI_KIT_DYNAMODB=local runs the suite on DynamoDB Local instead of dynalite.
    dynamodb: parseDynamoDbBackend(process.env.GENAI_KIT_DYNAMODB),
    log: process.env.GENAI_KIT_TEST_VERBOSE ? (line) => process.stdout.write(`${line}\n`) : output.log,
    ...options,
  });
}

/**
 * The app tests run in parallel files against one stack and one API key: the template's usage plan
 * (10 req/s) would throttle them. The gateway's own tests cover the usage plan.
 */
export const SHARED_STACK_OVERRIDES = { ApiThrottleRateLimit: '10000', ApiThrottleBurstLimit: '10000', ApiQuotaPerDay: '100000000' };

/** The testing API's stack as the suite wants it: DynamoDB by GENAI_KIT_DYNAMODB, the log on stdout with GENAI_KIT_TEST_VERBOSE. */
export function startSuiteStack(options: TestStackOptions = {}): Promise<StartedTestStack> {
  return startTestingStack({
    dynamodb: parseDynamoDbBackend(process.env.GENAI_KIT_DYNAMODB),
    parameterOverrides: SHARED_STACK_OVERRIDES,
    ...(process.env.GENAI_KIT_TEST_VERBOSE ? { log: (line: string) => process.stdout.write(`${line}\n`) } : {}),
    ...options,
  });
}

/** The stack the whole integration suite shares, chosen by `GENAI_KIT_STACK`. */
export async function startTestStack(): Promise<TestStack> {
  const kind = stackKind();
  process.stdout.write(`integration stack: ${kind}\n`);
  if (kind === 'embedded') return startSuiteStack();
  const mode = kind === 'containers' ? await import('./containers.js') : await import('./compose.js');
  return mode.startStackOf();
}
