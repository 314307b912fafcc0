/**
 * The `--env-vars` file of `sam local start-api` / `sam local invoke` for running the template's
 * functions under SAM CLI against the containerised services (docker-compose.yml).
 *
 * SAM CLI sets a function's variables from the template and only lets the env-vars file override
 * variables the template declares. So every function gets every variable the template declares,
 * resolved to the values the compose stack uses (table names, queue URLs on the compose network),
 * and the `AWS_ENDPOINT_URL_*` variables, which the template declares empty for exactly this.
 */
import { localServiceEnvironment } from '../stack/localServiceEnvironment.js';
import type { TemplateModel } from '../template/model.js';

/** Service endpoints as the SAM function containers reach them (on the compose network by default). */
export interface SamEndpoints {
  dynamodb: string;
  sqs: string;
  bedrock: string;
  stepfunctions: string;
}

/** The compose services by name, as seen from a container on the compose network. */
export const COMPOSE_NETWORK_ENDPOINTS: SamEndpoints = {
  dynamodb: 'http://dynamodb:8000',
  sqs: 'http://sqs:9324',
  bedrock: 'http://bedrock:4010',
  stepfunctions: 'http://app:8083',
};

/** The docker network `docker compose up` creates for this project (`<project>_default`). */
export const COMPOSE_NETWORK = 'genai-kit_default';

export interface SamEnvVars {
  /** `{ "<FunctionLogicalId>": { "VAR": "value" } }`, the file SAM CLI reads. */
  file: Record<string, Record<string, string>>;
  /** Endpoint variables a function does not declare: SAM CLI will not pass them, so that function would call AWS. */
  undeclared: { functionLogicalId: string; variable: string }[];
}

/**
 * Builds the env-vars file from a model loaded with the same queue endpoint (`endpoints.sqs`).
 *
 * @example
 * const model = await loadTemplate('template.yaml', { endpoints: { sqs: COMPOSE_NETWORK_ENDPOINTS.sqs } });
 * const { file } = samEnvVars(model, COMPOSE_NETWORK_ENDPOINTS);
 * // file.ChatFunction.AWS_ENDPOINT_URL_DYNAMODB === 'http://dynamodb:8000'
 */
export function samEnvVars(model: TemplateModel, endpoints: SamEndpoints): SamEnvVars {
  const endpointVariables = endpointEnvironment(endpoints);
  const file: Record<string, Record<string, string>> = {};
  const undeclared: SamEnvVars['undeclared'] = [];
  for (const fn of model.functions) {
    file[fn.logicalId] = { ...fn.environment, ...endpointVariables };
    for (const variable of Object.keys(endpointVariables)) {
      if (!(variable in fn.environment)) undeclared.push({ functionLogicalId: fn.logicalId, variable });
    }
  }
  return { file, undeclared };
}

/** Only the `AWS_ENDPOINT_URL_*` variables: SAM CLI sets region and credentials itself. */
function endpointEnvironment(endpoints: SamEndpoints): Record<string, string> {
  const all = localServiceEnvironment(endpoints);
  return Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith('AWS_ENDPOINT_URL_')));
}
