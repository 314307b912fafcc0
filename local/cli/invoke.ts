import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEndpointsFile, type Endpoints } from '../stack/endpointsFile.js';
import { localServiceEnvironment } from '../stack/localServiceEnvironment.js';
import { invokeOnce } from '../runtime/index.js';
import { loadLocalTemplate } from '../template/index.js';
import { joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION } from './parameterOverrides.js';

const HELP = `Usage: genai-kit invoke <Function> [--event file] [--template template.yaml] [--parameter-overrides K=V …]

Invokes one function of the template once, in-process, and prints its result and the REPORT line,
as 'sam local invoke' does. The event is read from --event (a file, or - for standard input); default {}.
Parameter values: --parameter-overrides or GENAI_KIT_PARAMETER_OVERRIDES. When the local stack runs (.local/endpoints.json exists), the function talks to its services.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinOverridePairs(args),
    allowPositionals: true,
    options: {
      event: { type: 'string', short: 'e' },
      template: { type: 'string', default: 'template.yaml' },
      ...PARAMETER_OVERRIDES_OPTION,
      help: { type: 'boolean', default: false },
    },
  });
  const [functionId] = positionals;
  if (values.help || !functionId) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const event = await readEvent(values.event);
  const endpointsFile = path.resolve('.local/endpoints.json');
  const endpoints: Partial<Endpoints> = existsSync(endpointsFile) ? await readEndpointsFile(endpointsFile) : {};
  const model = await loadLocalTemplate(values.template, {
    dataDir: path.resolve('.local'),
    parameterOverrides: overridesFrom(values),
    endpoints: { sqs: endpoints.sqs },
  });
  if (!model.functions.some((fn) => fn.logicalId === functionId || fn.functionName === functionId)) {
    process.stderr.write(`genai-kit invoke: no function '${functionId}'; the template has ${model.functions.map((f) => f.logicalId).join(', ')}\n`);
    return 2;
  }
  const { result, report, logs } = await invokeOnce(model, functionId, event, {
    env: localServiceEnvironment(endpoints),
    buildDir: path.resolve('.local/build'),
  });
  for (const line of logs) process.stderr.write(`${line}\n`);
  process.stderr.write(`${report}\n`);
  const output = result.status === 'ok' ? result.payload : result.error;
  process.stdout.write(`${JSON.stringify(output ?? null, null, 2)}\n`);
  return result.status === 'ok' ? 0 : 1;
}

async function readEvent(file: string | undefined): Promise<unknown> {
  if (!file) return {};
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the event in ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
