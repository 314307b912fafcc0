import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const HELP = `Usage: genai-kit events [name]

Lists the sample events under events/ (as 'sam local generate-event' writes them), or prints one.
Use one with: genai-kit invoke <Function> --event events/<name>.json
`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const dir = path.resolve('events');
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const [name] = args;
  if (!name) {
    process.stdout.write(files.length ? `${files.map((f) => `events/${f}`).join('\n')}\n` : 'No sample events in events/.\n');
    return 0;
  }
  const file = files.find((f) => f === name || f === `${name}.json`);
  if (!file) {
    process.stderr.write(`genai-kit events: no sample event '${name}'; available: ${files.join(', ')}\n`);
    return 1;
  }
  process.stdout.write(await readFile(path.join(dir, file), 'utf8'));
  return 0;
}
