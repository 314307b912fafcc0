/**
 * The `process.env` of one worker (one execution environment): the template's variables, the
 * stack's (endpoints, credentials, region), then the variables Lambda itself defines, which win.
 */
import { LOCAL_REGION, type FunctionDef } from '../template/model.js';

export function functionEnvironment(fn: FunctionDef, extra: Record<string, string>, taskRoot: string, logStreamName: string): Record<string, string> {
  const region = extra.AWS_REGION ?? LOCAL_REGION;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    // Lambda always has credentials; without any, the SDK would go looking for an instance role.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ...fn.environment,
    ...extra,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupName(fn),
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    LAMBDA_TASK_ROOT: taskRoot,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    ...loggingVariables(fn),
  };
}

/** What Lambda sets for `LoggingConfig.LogFormat: JSON`: the format, and the application log level (INFO by default). */
function loggingVariables(fn: FunctionDef): Record<string, string> {
  if (fn.logging?.format !== 'JSON') return {};
  return { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: fn.logging.applicationLogLevel ?? 'INFO' };
}

export function logGroupName(fn: FunctionDef): string {
  return fn.logging?.logGroup ?? `/aws/lambda/${fn.functionName}`;
}

/** A log stream name shaped like Lambda's: `2024/05/01/[$LATEST]<32 hex digits>`. */
export function newLogStreamName(id: string): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${id.replaceAll('-', '')}`;
}
