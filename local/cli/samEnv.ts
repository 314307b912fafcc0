import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { samCommands } from '../sam/samCommands.js';
import { COMPOSE_NETWORK_ENDPOINTS, samEnvVars, type SamEndpoints } from '../sam/samEnvVars.js';
import { loadLocalTemplate } from '../template/index.js';
import { formatOverrides, joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION } from './parameterOverrides.js';

const HELP = `Usage: genai-kit sam-env [options]

Writes the --env-vars file for 'sam local start-api' / 'sam local invoke': every function with every
variable the template declares, resolved for the containerised services (docker compose up), so the
SAM function containers use DynamoDB Local, the SQS service and the fake Bedrock on the compose network.

Options:
  --out <file>               where to write it (default .local/sam-env.json; '-' for stdout)
  --template <file>          SAM template (default template.yaml)
  --parameter-overrides K=V  template parameter values, as sam takes them (several after one flag; env GENAI_KIT_PARAMETER_OVERRIDES)
  --dynamodb <url>           DynamoDB as the function containers reach it (default ${COMPOSE_NETWORK_ENDPOINTS.dynamodb})
  --sqs <url>                SQS (default ${COMPOSE_NETWORK_ENDPOINTS.sqs}); queue URLs are built from it
  --bedrock <url>            fake Bedrock (default ${COMPOSE_NETWORK_ENDPOINTS.bedrock})
  --stepfunctions <url>      Step Functions API (default ${COMPOSE_NETWORK_ENDPOINTS.stepfunctions})
  --sam-port <port>          the port the printed 'sam local start-api' uses (default 3100)

Then, with the compose stack up, it prints the sam build / sam local commands for this machine
(Architecture=x86_64 on an x86 host, whose emulated arm64 containers fail their cold starts).
Bearer tokens for it: genai-kit token (the file carries the signing secret of .local/secrets.json).
`;

/** `genai-kit sam-env`: writes the SAM CLI env-vars file for the compose services. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: joinOverridePairs(args),
    options: {
      out: { type: 'string', default: path.join('.local', 'sam-env.json') },
      template: { type: 'string', default: 'template.yaml' },
      ...PARAMETER_OVERRIDES_OPTION,
      dynamodb: { type: 'string', default: COMPOSE_NETWORK_ENDPOINTS.dynamodb },
      sqs: { type: 'string', default: COMPOSE_NETWORK_ENDPOINTS.sqs },
      bedrock: { type: 'string', default: COMPOSE_NETWORK_ENDPOINTS.bedrock },
      stepfunctions: { type: 'string', default: COMPOSE_NETWORK_ENDPOINTS.stepfunctions },
      'sam-port': { type: 'string', default: '3100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const endpoints: SamEndpoints = { dynamodb: values.dynamodb, sqs: values.sqs, bedrock: values.bedrock, stepfunctions: values.stepfunctions };
  for (const [name, url] of Object.entries(endpoints)) {
    if (!/^https?:\/\/[^/]+/.test(url)) throw new Error(`--${name} must be an http(s) URL, got '${url}'`);
  }
  // The same signing secret as `genai-kit token`, so its tokens pass the authorizer under SAM.
  const parameterOverrides = overridesFrom(values);
  const model = await loadLocalTemplate(values.template, {
    dataDir: path.resolve('.local'),
    parameterOverrides,
    endpoints: { sqs: endpoints.sqs },
  });
  const { file, undeclared } = samEnvVars(model, endpoints);
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (values.out === '-') {
    process.stdout.write(text);
  } else {
    await mkdir(path.dirname(path.resolve(values.out)), { recursive: true });
    await writeFile(values.out, text, { mode: 0o600 });
    process.stdout.write(`Wrote ${values.out}: ${Object.keys(file).length} functions. Then, with docker compose up:\n\n`);
    const overrides = formatOverrides(parameterOverrides);
    process.stdout.write(`${samCommands({ hostArch: process.arch, envFile: values.out, port: Number(values['sam-port']), overrides }).join('\n')}\n`);
  }
  for (const { functionLogicalId, variable } of undeclared) {
    process.stderr.write(`warning: ${functionLogicalId} does not declare ${variable}; SAM CLI will not pass it, so that function calls AWS.\n`);
  }
  return 0;
}
