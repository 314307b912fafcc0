import type { ApiDef, AuthorizerDef, CorsDef, UsagePlanDef } from './model.js';
import { isProps, list, num, str, unquote, type Props, type ResolvedResource } from './cfnTypes.js';

export const IMPLICIT_REST_API = 'ServerlessRestApi';
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** Builds an ApiDef from an `AWS::Serverless::Api` or `AWS::Serverless::HttpApi` resource. */
export function buildApi(
  resource: Pick<ResolvedResource, 'logicalId' | 'type' | 'properties' | 'ref'>,
  functionIdByArn: (arn: string) => string | undefined,
  unsupported: string[],
): ApiDef {
  const props = resource.properties;
  const kind = resource.type === 'AWS::Serverless::HttpApi' ? 'HTTP' : 'REST';
  const auth = isProps(props.Auth) ? props.Auth : {};
  const authorizers = Object.entries(isProps(auth.Authorizers) ? auth.Authorizers : {}).flatMap(([name, value]) => {
    const authorizer = buildAuthorizer(name, isProps(value) ? value : {}, kind, functionIdByArn);
    if (!authorizer) unsupported.push(`${resource.logicalId}: authorizer ${name} (only Lambda authorizers run locally)`);
    return authorizer ? [authorizer] : [];
  });
  return {
    logicalId: resource.logicalId,
    kind,
    stage: str(props.StageName, kind === 'HTTP' ? '$default' : 'Prod'),
    apiId: resource.ref,
    apiKeyRequired: auth.ApiKeyRequired === true,
    defaultAuthorizer: auth.DefaultAuthorizer === undefined ? undefined : str(auth.DefaultAuthorizer),
    authorizers,
    cors: kind === 'HTTP' ? httpApiCors(props.CorsConfiguration) : restApiCors(props.Cors),
    binaryMediaTypes: list(props.BinaryMediaTypes).map((type) => str(type).replace('~1', '/')),
    stageVariables: Object.fromEntries(Object.entries(isProps(props.Variables) ? props.Variables : {}).map(([k, v]) => [k, str(v)])),
    usagePlan: usagePlan(auth.UsagePlan),
    apiKeySource: kind === 'REST' && str(props.ApiKeySourceType, 'HEADER') === 'AUTHORIZER' ? 'AUTHORIZER' : undefined,
    endpointType: kind === 'REST' ? endpointType(props.EndpointConfiguration) : undefined,
  };
}

/** `EndpointConfiguration: REGIONAL` or `{ Type: REGIONAL }`; EDGE when absent, as CloudFormation creates REST APIs. */
function endpointType(value: unknown): 'EDGE' | 'REGIONAL' | 'PRIVATE' {
  const type = str(isProps(value) ? value.Type : value, 'EDGE').toUpperCase();
  return type === 'REGIONAL' || type === 'PRIVATE' ? type : 'EDGE';
}

function buildAuthorizer(
  name: string,
  props: Props,
  kind: 'REST' | 'HTTP',
  functionIdByArn: (arn: string) => string | undefined,
): AuthorizerDef | undefined {
  const functionLogicalId = functionIdByArn(str(props.FunctionArn));
  if (!functionLogicalId) return undefined;
  const identity = isProps(props.Identity) ? props.Identity : {};
  const type = kind === 'HTTP' || props.FunctionPayloadType === 'REQUEST' ? 'REQUEST' : 'TOKEN';
  const prefix = kind === 'HTTP' ? '$request.' : 'method.request.';
  const sources = [
    ...list(identity.Headers).map((h) => `${prefix}header.${str(h)}`),
    ...list(identity.QueryStrings).map((q) => `${prefix}querystring.${str(q)}`),
    ...list(identity.StageVariables).map((s) => `stageVariables.${str(s)}`),
    ...list(identity.Context).map((c) => `context.${str(c)}`),
  ];
  return {
    name,
    type,
    functionLogicalId,
    identityHeader: type === 'TOKEN' ? str(identity.Header, 'Authorization') : undefined,
    identitySources: sources,
    validationExpression: identity.ValidationExpression === undefined ? undefined : str(identity.ValidationExpression),
    resultTtlInSeconds: num(identity.ReauthorizeEvery, kind === 'HTTP' ? 0 : 300),
    enableSimpleResponses: props.EnableSimpleResponses === true,
    payloadFormatVersion: kind === 'HTTP' ? (str(props.AuthorizerPayloadFormatVersion, '2.0') as '1.0' | '2.0') : undefined,
  };
}

function restApiCors(cors: unknown): CorsDef | undefined {
  if (cors === undefined) return undefined;
  const props: Props = isProps(cors) ? cors : { AllowOrigin: cors };
  const csv = (value: unknown, fallback: string) => unquote(value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
  return {
    allowOrigins: csv(props.AllowOrigin, "'*'"),
    allowMethods: csv(props.AllowMethods, "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'"),
    allowHeaders: csv(props.AllowHeaders, "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'"),
    exposeHeaders: [],
    maxAge: props.MaxAge === undefined ? undefined : Number(unquote(props.MaxAge)),
    allowCredentials: props.AllowCredentials === true,
  };
}

/** HTTP API and Function URL CORS configuration (lists, no quoting). */
export function httpApiCors(cors: unknown): CorsDef | undefined {
  if (cors === undefined || cors === false) return undefined;
  const props: Props = isProps(cors) ? cors : {};
  const strings = (value: unknown, fallback: string[]) => (value === undefined ? fallback : list(value).map((v) => str(v)));
  return {
    allowOrigins: strings(props.AllowOrigins, ['*']),
    allowMethods: strings(props.AllowMethods, ['*']),
    allowHeaders: strings(props.AllowHeaders, ['*']),
    exposeHeaders: strings(props.ExposeHeaders, []),
    maxAge: props.MaxAge === undefined ? undefined : num(props.MaxAge, 0),
    allowCredentials: props.AllowCredentials === true,
  };
}

function usagePlan(value: unknown): UsagePlanDef | undefined {
  if (!isProps(value) || value.CreateUsagePlan === 'NONE') return undefined;
  const throttle = isProps(value.Throttle) ? value.Throttle : undefined;
  const quota = isProps(value.Quota) ? value.Quota : undefined;
  return {
    throttle: throttle && { burstLimit: num(throttle.BurstLimit, 0) || undefined, rateLimit: num(throttle.RateLimit, 0) || undefined },
    quota: quota && {
      limit: num(quota.Limit, Number.MAX_SAFE_INTEGER),
      period: str(quota.Period, 'DAY') as 'DAY' | 'WEEK' | 'MONTH',
      offset: quota.Offset === undefined ? undefined : num(quota.Offset, 0),
    },
  };
}
