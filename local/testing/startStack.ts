import path from 'node:path';
import { startStack as startLocalStack, type RunningStack, type StackOptions } from '../stack.js';
import { ReplayMissError } from './errors.js';
import { localControl } from './localControl.js';
import { recordedModelOptions, type ReplayMiss, type TestBedrockOptions } from './recordedModels.js';
import { describeStack } from './StackDescription.js';
import { TestStack } from './TestStack.js';

/** Log lines a test stack keeps for `stack.logs()` (the newest). */
const KEPT_LOG_LINES = 5_000;

/** Options of the testing `startStack`: the stack's own, with test defaults, and `bedrock.record` / `bedrock.replay`. */
export interface TestStackOptions extends Omit<StackOptions, 'bedrock'> {
  bedrock?: TestBedrockOptions;
}

/** A stack this process started: a {@link TestStack} that also knows the running stack and its log. */
export class StartedTestStack extends TestStack {
  constructor(
    readonly running: RunningStack,
    private readonly lines: string[],
    stop: () => Promise<void>,
  ) {
    super({ ...describeStack(running.model, running.endpoints), clock: true }, localControl(running), stop);
  }

  /** The stack's log lines so far (kept in memory unless `log` was given). */
  logs(): string[] {
    return [...this.lines];
  }
}

/**
 * Starts the whole local stack of a SAM template for a test: in memory (`ephemeral`), on free
 * ports, no endpoints file, no file watching, its log kept in memory; every default can be
 * overridden.
 *
 * @example
 * const stack = await startStack({ template: 'template.yaml', parameterOverrides: { Stage: 'test' } });
 * const { status, body } = await stack.api('/chat', { body: { message: 'Hello' } });
 * await expect(stack.bedrock).toHaveBeenCalledWithPrompt('Hello');
 * await stack.stop();
 */
export async function startStack(options: TestStackOptions = {}): Promise<StartedTestStack> {
  const projectDir = path.resolve(options.projectDir ?? '.');
  const lines: string[] = [];
  const keep = (line: string) => (lines.push(line), lines.length > KEPT_LOG_LINES && lines.splice(0, lines.length - KEPT_LOG_LINES));
  const { bedrock, misses, replayFile } = recordedModelOptions(options.bedrock, projectDir);
  let running: RunningStack;
  try {
    running = await startLocalStack({
      ephemeral: true,
      ports: 'random',
      watch: false,
      writeEndpointsFile: false,
      log: keep,
      ...options,
      projectDir,
      bedrock,
    });
  } catch (error) {
    const tail = lines.slice(-30).join('\n');
    throw new Error(`the stack did not start: ${(error as Error).message}${tail ? `\nIts last log lines:\n${tail}` : ''}`, { cause: error });
  }
  return new StartedTestStack(running, lines, async () => {
    await running.close();
    if (misses?.length) throw new ReplayMissError(replayMissReport(replayFile!, misses));
  });
}

function replayMissReport(file: string, misses: ReplayMiss[]): string {
  const list = misses.map((miss) => `  ${miss.operation} ${miss.modelId} "${miss.lastUserMessage.slice(0, 80)}" (request hash ${miss.requestHash})`);
  return `the fake Bedrock replaying ${file} had no recording of ${misses.length} request(s):\n${list.join('\n')}\nRecord them (bedrock: { record: '${file}' } with AWS credentials) and commit the file.`;
}
