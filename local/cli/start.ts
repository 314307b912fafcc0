import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDynamoDbBackend } from '../dynamodb/startDynamoDb.js';
import { formatEndpoints } from '../stack/endpointsFile.js';
import { EXTERNAL_SERVICE_HELP, externalServicesFrom, waitForExternalServices } from '../stack/externalServices.js';
import { DEFAULT_PORTS, startStack, type StackPorts } from '../stack.js';
import { parseDay } from '../bedrock/catalogue/modelLifecycle.js';
import { startupSummary } from '../modelcheck/index.js';
import { loadCatalogue } from './check.js';
import { joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION } from './parameterOverrides.js';

const HELP = `Usage: genai-kit start [options]

Starts the offline stack from a SAM template and keeps serving until Ctrl-C.

Options:
  --template <file>            SAM template (default template.yaml)
  --ephemeral                  keep all data in memory; the endpoints go to .local/endpoints.ephemeral-<pid>.json
                               (removed at stop), never over the endpoints.json of another stack
  --data-dir <dir>             where data, secrets and the endpoints file go (default .local)
  --parameter-overrides K=V …  template parameter values, as sam deploy takes them (env GENAI_KIT_PARAMETER_OVERRIDES)
  --host <addr>                address to bind (default 127.0.0.1)
  --api-port <n>               API port (default ${DEFAULT_PORTS.api}; env GENAI_KIT_API_PORT)
  --function-url-port <n>      first Function URL port (default ${DEFAULT_PORTS.functionUrls})
  --bedrock-port <n>           fake Bedrock port (default ${DEFAULT_PORTS.bedrock})
  --dynamodb-port <n>          DynamoDB port (default ${DEFAULT_PORTS.dynamodb})
  --sqs-port <n>               SQS port (default ${DEFAULT_PORTS.sqs})
  --stepfunctions-port <n>     Step Functions API port (default ${DEFAULT_PORTS.stepfunctions})
  --s3-port <n>                S3 port (default ${DEFAULT_PORTS.s3})
  --clock-port <n>             the clock's HTTP endpoint (default ${DEFAULT_PORTS.clock}; see docs/time.md)
  --console-port <n>           local console port, always on 127.0.0.1 (default ${DEFAULT_PORTS.console})
  --no-console                 do not serve the local console
  --no-watch                   do not rebuild functions when sources change
  --instant                    the fake model answers at once (default: a realistic streaming pace)
  --bedrock-fixtures <file>    fixture rules for the fake Bedrock (see docs/fake-bedrock.md)
  --knowledge-base-dir <dir>   documents the fake knowledge bases retrieve from
  --as-of <YYYY-MM-DD>         the day model lifecycles are computed for (default today): see genai-kit check
  --bedrock-guardrails <file>  guardrail definitions for the fake Bedrock, added to the template's (see docs/fake-bedrock.md)
  --dynamodb <backend>         dynalite (embedded, default) or local (DynamoDB Local, needs Java 17+; env GENAI_KIT_DYNAMODB)
${EXTERNAL_SERVICE_HELP}
`;

const PORT_FLAGS: Record<string, keyof StackPorts> = {
  'api-port': 'api',
  'function-url-port': 'functionUrls',
  'bedrock-port': 'bedrock',
  'dynamodb-port': 'dynamodb',
  'sqs-port': 'sqs',
  'stepfunctions-port': 'stepfunctions',
  's3-port': 's3',
  'clock-port': 'clock',
  'console-port': 'console',
};

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: joinOverridePairs(args),
    options: {
      template: { type: 'string', default: 'template.yaml' },
      ephemeral: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      ...PARAMETER_OVERRIDES_OPTION,
      host: { type: 'string', default: process.env.GENAI_KIT_HOST ?? '127.0.0.1' },
      'no-watch': { type: 'boolean', default: false },
      'no-console': { type: 'boolean', default: false },
      instant: { type: 'boolean', default: false },
      'bedrock-fixtures': { type: 'string' },
      'knowledge-base-dir': { type: 'string' },
      'as-of': { type: 'string' },
      'bedrock-guardrails': { type: 'string' },
      dynamodb: { type: 'string', default: process.env.GENAI_KIT_DYNAMODB },
      'dynamodb-endpoint': { type: 'string' },
      'sqs-endpoint': { type: 'string' },
      'bedrock-endpoint': { type: 'string' },
      help: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(PORT_FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const asOf = values['as-of'] ? parseDay(values['as-of'] as string) : undefined;
  const external = externalServicesFrom(values as Record<string, unknown>);
  await waitForExternalServices(external, { log: (line) => process.stdout.write(`${line}\n`) });
  const stack = await startStack({
    external,
    dynamodb: parseDynamoDbBackend(values.dynamodb as string | undefined),
    template: values.template as string,
    ephemeral: values.ephemeral as boolean,
    ...(values['data-dir'] ? { dataDir: path.resolve(values['data-dir'] as string) } : {}),
    host: values.host as string,
    ports: portsFrom(values as Record<string, unknown>),
    parameterOverrides: overridesFrom(values),
    watch: !values['no-watch'],
    console: !values['no-console'],
    // Only for a container that publishes the console port on the host's 127.0.0.1 (docker-compose.yml).
    consoleHost: process.env.GENAI_KIT_CONSOLE_HOST,
    // Read only by the testing API, which starts its own stack.
    invocationLog: false,
    bedrock: {
      ...(values.instant ? {} : { firstTokenDelayMs: 300, tokensPerSecond: 40 }),
      fixturesFile: values['bedrock-fixtures'] as string | undefined,
      knowledgeBaseDir: values['knowledge-base-dir'] as string | undefined,
      asOf,
      guardrailsFile: values['bedrock-guardrails'] as string | undefined,
    },
  });
  process.stdout.write(`\nserverless-genai-kit is serving ${stack.model.templatePath}\n${formatEndpoints(stack.endpoints)}\n`);
  const endpointsFile = path.relative(process.cwd(), stack.endpointsFile ?? '') || stack.endpointsFile;
  process.stdout.write(`\nEndpoints, API key and dev token: ${endpointsFile}${values.ephemeral ? ' (ephemeral: no data is kept)' : ''}\n`);
  process.stdout.write(`\n${await startupSummary(stack.model, loadCatalogue(), asOf ?? new Date())}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stdout.write('\nStopping…\n');
  await stack.close();
  return 0;
}

function portsFrom(values: Record<string, unknown>): Partial<StackPorts> {
  const ports: Partial<StackPorts> = {};
  for (const [flag, key] of Object.entries(PORT_FLAGS)) {
    const raw = values[flag] ?? process.env[`GENAI_KIT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_PORT`];
    if (raw === undefined) continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--${flag} must be a port number, got '${String(raw)}'`);
    ports[key] = port;
  }
  return ports;
}
