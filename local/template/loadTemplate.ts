import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPLICIT_HTTP_API, IMPLICIT_REST_API, buildApi } from './buildApis.js';
import { buildFunction, type FunctionParts } from './buildFunctions.js';
import { buildBucket } from './buildBuckets.js';
import { buildEventRule, stateMachineEventRules } from './buildEventRules.js';
import { buildQueue, buildStateMachine, buildTable } from './buildResources.js';
import { buildKnowledgeBases, defineDependentKnowledgeIdentities, KNOWLEDGE_BASE_TYPES, knowledgeIdentity } from './buildKnowledgeBases.js';
import { buildGuardrails, defineGuardrailVersionIdentities, GUARDRAIL_TYPES, guardrailIdentity } from './buildGuardrails.js';
import { isProps, str, type Props, type ResolvedResource } from './cfnTypes.js';
import { parseCfnYaml } from './cfnYaml.js';
import { TemplateError } from './errors.js';
import { propertiesWithGlobals } from './globals.js';
import { localIdentity, nameProperty, type LocalServiceEndpoints } from './localNames.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, type TemplateModel } from './model.js';
import { resolveIntrinsics, type IntrinsicContext } from './resolveIntrinsics.js';

export interface LoadTemplateOptions {
  /** Like `sam deploy --parameter-overrides`; an override of a parameter the template lacks is an error. */
  parameterOverrides?: Record<string, string>;
  /** Values the local stack supplies (e.g. a generated secret), used only for parameters the template declares. */
  localDefaults?: Record<string, string>;
  /** Used in local physical names: `<stackName>-<LogicalId>`. Default `local`. */
  stackName?: string;
  /** Local service endpoints that appear in resolved values (queue URLs). */
  endpoints?: LocalServiceEndpoints;
}

/** Resource types that have no local behaviour to emulate (IAM, logs, alarms, permissions…). */
const NO_LOCAL_EFFECT = /^AWS::(IAM|Logs|CloudWatch|Lambda::Permission|ApiGateway::(ApiKey|UsagePlan|UsagePlanKey|Account)|KMS)/;

const SUPPORTED_TYPES = new Set([
  'AWS::Serverless::Function',
  'AWS::Serverless::Api',
  'AWS::Serverless::HttpApi',
  'AWS::Serverless::SimpleTable',
  'AWS::Serverless::StateMachine',
  'AWS::DynamoDB::Table',
  'AWS::SQS::Queue',
  'AWS::StepFunctions::StateMachine',
  ...GUARDRAIL_TYPES,
  ...KNOWLEDGE_BASE_TYPES,
  'AWS::S3::Bucket',
  'AWS::Events::Rule',
]);

/**
 * Reads a SAM template into the typed model the local stack runs.
 *
 * @example
 * const model = await loadTemplate('template.yaml', { parameterOverrides: { Stage: 'local' } });
 * model.routes.map((r) => `${r.method} ${r.path}`);
 */
export async function loadTemplate(templatePath: string, options: LoadTemplateOptions = {}): Promise<TemplateModel> {
  const absolute = path.resolve(templatePath);
  const text = await readFile(absolute, 'utf8').catch((error: Error) => {
    throw new TemplateError(`Cannot read template ${absolute}: ${error.message}`, { cause: error });
  });
  let document: unknown;
  try {
    document = parseCfnYaml(text);
  } catch (error) {
    throw new TemplateError(`${absolute} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (!isProps(document) || !isProps(document.Resources)) throw new TemplateError(`${absolute} has no Resources section`);
  return buildModel(document, absolute, options);
}

function buildModel(document: Props, templatePath: string, options: LoadTemplateOptions): TemplateModel {
  const stackName = options.stackName ?? 'local';
  const baseDir = path.dirname(templatePath);
  const parameters = parameterValues(document.Parameters, options.parameterOverrides ?? {}, options.localDefaults ?? {});
  const context: IntrinsicContext = {
    refs: { ...pseudoParameters(stackName), ...parameters },
    resourceRefs: {},
    attributes: {},
    conditions: {},
    mappings: (isProps(document.Mappings) ? document.Mappings : {}) as IntrinsicContext['mappings'],
  };
  defineConditions(context, isProps(document.Conditions) ? document.Conditions : {});

  const raw = Object.entries(document.Resources as Props).filter(
    ([, resource]) => isProps(resource) && (resource.Condition === undefined || context.conditions[str(resource.Condition)]),
  ) as [string, Props][];
  const globals = isProps(document.Globals) ? document.Globals : undefined;
  const needsImplicit = implicitApiTypes(raw);
  for (const [logicalId, type] of needsImplicit) raw.push([logicalId, { Type: type, Properties: {} }]);

  for (const [logicalId, resource] of raw) {
    const type = str(resource.Type);
    const name = explicitName(type, resource, context);
    const identity =
      type === 'AWS::Bedrock::Guardrail'
        ? guardrailIdentity(logicalId, name)
        : (knowledgeIdentity(type, logicalId, name, stackName) ?? localIdentity(type, logicalId, name, stackName, options.endpoints ?? {}));
    context.resourceRefs[logicalId] = identity.ref;
    context.attributes[logicalId] = identity.attributes;
  }
  defineGuardrailVersionIdentities(raw, context);
  defineDependentKnowledgeIdentities(raw, context);

  const resolved: ResolvedResource[] = raw.map(([logicalId, resource]) => {
    const type = str(resource.Type);
    try {
      const properties = resolveIntrinsics(propertiesWithGlobals(type, resource.Properties, globals), context);
      return {
        logicalId,
        type,
        properties: (isProps(properties) ? properties : {}) as Props,
        metadata: isProps(resource.Metadata) ? resource.Metadata : {},
        ref: context.resourceRefs[logicalId],
        attributes: context.attributes[logicalId],
      };
    } catch (error) {
      throw new TemplateError(`${logicalId}: ${(error as Error).message}`, { cause: error });
    }
  });
  return { ...assembleModel(resolved, templatePath, baseDir), parameters };
}

function assembleModel(resources: ResolvedResource[], templatePath: string, baseDir: string): TemplateModel {
  const unsupported: string[] = [];
  const ofType = (...types: string[]) => resources.filter((r) => types.includes(r.type));
  const functions = ofType('AWS::Serverless::Function');
  const functionIdByArn = (arn: string) => functions.find((f) => f.attributes.Arn === arn || f.ref === arn)?.logicalId;
  const apis = ofType('AWS::Serverless::Api', 'AWS::Serverless::HttpApi').map((r) => buildApi(r, functionIdByArn, unsupported));
  const queues = ofType('AWS::SQS::Queue').map(buildQueue);
  const parts: FunctionParts[] = functions.map((resource) =>
    buildFunction(resource, {
      baseDir,
      apiIdByRef: (ref) => apis.find((api) => api.apiId === ref || api.logicalId === ref)?.logicalId,
      queueIdByArn: (arn) => queues.find((queue) => queue.arn === arn)?.logicalId,
      apiKeyRequired: (id) => apis.find((api) => api.logicalId === id)?.apiKeyRequired ?? false,
      unsupported,
    }),
  );
  for (const resource of resources) {
    if (!SUPPORTED_TYPES.has(resource.type) && !NO_LOCAL_EFFECT.test(resource.type)) {
      unsupported.push(`${resource.logicalId}: resource type ${resource.type}`);
    }
  }
  const bucketNames = new Set(ofType('AWS::S3::Bucket').map((r) => r.ref));
  for (const event of parts.flatMap((p) => p.s3Events)) {
    if (!bucketNames.has(event.bucketName)) unsupported.push(`${event.functionLogicalId}.${event.eventId}: S3 bucket ${event.bucketName} is not an AWS::S3::Bucket of this template (SAM requires one)`);
  }
  const routes = parts.flatMap((p) => p.routes).map((route) => {
    const api = apis.find((a) => a.logicalId === route.apiLogicalId);
    const authorizer = route.authorizer ?? api?.defaultAuthorizer;
    return { ...route, authorizer: authorizer === 'NONE' ? undefined : authorizer };
  });
  return {
    templatePath,
    baseDir,
    functions: parts.map((p) => p.fn),
    apis,
    routes,
    functionUrls: parts.flatMap((p) => (p.url ? [p.url] : [])),
    tables: ofType('AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable').map(buildTable),
    queues,
    sqsEventSources: parts.flatMap((p) => p.sqsEventSources),
    stateMachines: ofType('AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine').map((r) => buildStateMachine(r, baseDir)),
    guardrails: buildGuardrails(resources),
    knowledgeBases: buildKnowledgeBases(resources, unsupported),
    eventRules: [
      ...ofType('AWS::Events::Rule').flatMap((r) => buildEventRule(r, functionIdByArn, unsupported) ?? []),
      ...parts.flatMap((p) => p.eventRules),
      ...ofType('AWS::Serverless::StateMachine').flatMap(stateMachineEventRules),
    ],
    buckets: ofType('AWS::S3::Bucket').map((r) => buildBucket(r, parts.flatMap((p) => p.s3Events), functionIdByArn, unsupported)),
    unsupported,
  };
}

function pseudoParameters(stackName: string): Record<string, unknown> {
  return {
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT_ID,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stack/${stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NotificationARNs': [],
  };
}

function parameterValues(
  parameters: unknown,
  overrides: Record<string, string>,
  localDefaults: Record<string, string>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(isProps(parameters) ? parameters : {})) {
    const definition = isProps(spec) ? spec : {};
    const value = name in overrides ? overrides[name] : name in localDefaults ? localDefaults[name] : definition.Default;
    if (value === undefined) {
      throw new TemplateError(`Parameter ${name} has no Default; pass it with --parameter-overrides ${name}=<value>`);
    }
    const allowed = Array.isArray(definition.AllowedValues) ? definition.AllowedValues.map(String) : undefined;
    if (allowed && !allowed.includes(String(value))) {
      throw new TemplateError(`Parameter ${name}=${String(value)} is not one of its AllowedValues (${allowed.join(', ')})`);
    }
    const type = str(definition.Type, 'String');
    values[name] = type.includes('List') || type === 'CommaDelimitedList' ? String(value).split(',').map((s) => s.trim()) : value;
  }
  for (const name of Object.keys(overrides)) {
    if (!(name in values)) throw new TemplateError(`Parameter override ${name} is not a parameter of the template`);
  }
  return values;
}

/** Conditions may refer to each other; each is evaluated on first use. */
function defineConditions(context: IntrinsicContext, conditions: Props): void {
  for (const [name, expression] of Object.entries(conditions)) {
    let value: boolean | undefined;
    Object.defineProperty(context.conditions, name, {
      enumerable: true,
      get: () => (value ??= Boolean(resolveIntrinsics(expression, context))),
    });
  }
}

function explicitName(type: string, resource: Props, context: IntrinsicContext): string | undefined {
  const property = nameProperty(type);
  const value = property && isProps(resource.Properties) ? resource.Properties[property] : undefined;
  if (value === undefined) return undefined;
  try {
    return String(resolveIntrinsics(value, context));
  } catch {
    return undefined; // a name built from another resource's attributes: fall back to the generated name
  }
}

/** SAM creates `ServerlessRestApi`/`ServerlessHttpApi` for events that name no API. */
function implicitApiTypes(resources: [string, Props][]): [string, string][] {
  const needed = new Map<string, string>();
  for (const [, resource] of resources) {
    if (resource.Type !== 'AWS::Serverless::Function' || !isProps(resource.Properties)) continue;
    for (const event of Object.values(isProps(resource.Properties.Events) ? resource.Properties.Events : {})) {
      if (!isProps(event) || !isProps(event.Properties ?? {})) continue;
      const props = (event.Properties ?? {}) as Props;
      if (event.Type === 'Api' && props.RestApiId === undefined) needed.set(IMPLICIT_REST_API, 'AWS::Serverless::Api');
      if (event.Type === 'HttpApi' && props.ApiId === undefined) needed.set(IMPLICIT_HTTP_API, 'AWS::Serverless::HttpApi');
    }
  }
  return [...needed].filter(([id]) => !resources.some(([existing]) => existing === id));
}
