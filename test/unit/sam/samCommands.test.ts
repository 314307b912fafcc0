import { describe, expect, it } from 'vitest';
import { samCommands } from '../../../local/sam/samCommands.js';

const options = { envFile: '.local/sam-env.json', port: 3100, overrides: ['HistoryTurns=4'] };

describe('samCommands', () => {
  it('builds and runs the functions as x86_64 on an x86 machine, on a port the compose app does not hold', () => {
    const commands = samCommands({ ...options, hostArch: 'x64' }).filter((line) => !line.startsWith('#'));

    expect(commands).toEqual([
      'sam build --parameter-overrides HistoryTurns=4 Architecture=x86_64',
      'sam local start-api --port 3100 --env-vars .local/sam-env.json --docker-network genai-kit_default --parameter-overrides HistoryTurns=4 Architecture=x86_64',
      'sam local invoke ChatFunction --event events/chat-post.json --env-vars .local/sam-env.json --docker-network genai-kit_default --parameter-overrides HistoryTurns=4 Architecture=x86_64',
    ]);
  });

  it('keeps arm64 on an arm64 machine, and the host wins over an Architecture the user passed', () => {
    const commands = samCommands({ ...options, overrides: ['Architecture=x86_64'], hostArch: 'arm64' });

    expect(commands).toContain('sam build --parameter-overrides Architecture=arm64');
    expect(commands.join('\n')).not.toContain('Architecture=x86_64');
    expect(commands.join('\n')).toContain('--skip-pull-image');
  });
});
