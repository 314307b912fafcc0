import { startStack, type RunningStack, type StackOptions } from '../../../local/stack.js';
import type { Endpoints } from '../../../local/stack/endpointsFile.js';
import { parseDynamoDbBackend } from '../../../local/dynamodb/startDynamoDb.js';

/** Which stack the integration suite runs against: `GENAI_KIT_STACK` = embedded (default) | containers | compose. */
export type StackKind = 'embedded' | 'containers' | 'compose';

export interface TestStack {
  kind: StackKind;
  endpoints: Endpoints;
  /** Tokens besides the dev user's: another user's (ownership tests) and an expired one. */
  tokens: TestTokens;
  close(): Promise<void>;
}

export interface TestTokens {
  otherUser?: string;
  expired?: string;
}

/** The extra tokens the suite needs, minted by a stack this process runs. */
export async function testTokens(stack: RunningStack): Promise<TestTokens> {
  return { otherUser: await stack.signToken('other-user'), expired: await stack.signToken('dev-user', -3600) };
}

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

/** The stack the whole integration suite shares, chosen by `GENAI_KIT_STACK`. */
export async function startTestStack(): Promise<TestStack> {
  const kind = stackKind();
  if (kind === 'embedded') {
    const stack = await startEmbeddedStack({ parameterOverrides: SHARED_STACK_OVERRIDES });
    return { kind, endpoints: stack.endpoints, tokens: await testTokens(stack), close: () => stack.close() };
  }
  const mode = kind === 'containers' ? await import('./containers.js') : await import('./compose.js');
  return mode.startStackOf(kind);
}
