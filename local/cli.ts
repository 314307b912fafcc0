#!/usr/bin/env node
/**
 * `genai-kit`: the kit's command line. Each subcommand lives in `cli/<name>.ts` and exports
 * `run(args): Promise<number>` (the exit code).
 */
type Command = { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  start: { summary: 'start the whole offline stack (API, functions, Bedrock, DynamoDB, …)', load: () => import('./cli/start.js') },
  token: { summary: 'print a dev bearer token the local authorizer accepts', load: () => import('./cli/token.js') },
  invoke: { summary: 'invoke one function once: invoke <Function> [--event file]', load: () => import('./cli/invoke.js') },
  events: { summary: 'list the sample events, or print one: events [name]', load: () => import('./cli/events.js') },
  check: { summary: 'check the Bedrock models the template uses (EOL, Legacy, unknown, profile needed) before sam deploy', load: () => import('./cli/check.js') },
  models: { summary: 'print the model catalogue (state, EOL, price); models import <file>: merge an account\'s model listings', load: () => import('./cli/models.js') },
  'sam-env': { summary: "write the env-vars file for 'sam local' against docker compose", load: () => import('./cli/samEnv.js') },
  queues: { summary: 'queues with visible / in-flight / delayed message counts', load: () => import('./cli/queues.js') },
  dlq: { summary: "print a dead-letter queue's messages without consuming them: dlq <Queue>", load: () => import('./cli/queues.js').then((m) => ({ run: m.runDlq })) },
  s3: { summary: 'buckets and objects of the local S3: s3 ls [bucket[/prefix]]', load: () => import('./cli/s3.js') },
  clock: { summary: "read or move the stack's clock: clock [advance 6m | set <date>]", load: () => import('./cli/clock.js') },
  kb: { summary: 'knowledge bases: kb sync [kb] (ingest, with progress), kb status [kb], kb search "<query>"', load: () => import('./cli/kb.js') },
  tail: { summary: 'the live feed of invocations and model calls, coloured: tail [--function F] [--model]', load: () => import('./cli/tail.js') },
  redrive: { summary: "move a dead-letter queue's messages back to their source queue: redrive <DLQ>", load: () => import('./cli/queues.js').then((m) => ({ run: m.runRedrive })) },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: genai-kit <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'genai-kit <command> --help' for a command's options.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`genai-kit: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  return (await command.load()).run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`genai-kit: ${error.message}\n`);
    process.exitCode = 1;
  },
);
