import { describe, expect, it } from 'vitest';
import { functionEnvironment, newLogStreamName } from '../../../local/runtime/functionEnvironment.js';
import { functionDef } from '../../fixtures/runtime/functionDefs.js';

describe('functionEnvironment', () => {
  const fn = functionDef({ logicalId: 'Chat', handler: 'index.handler', codeDir: '/code', memorySize: 512, environment: { TABLE: 'chat', AWS_REGION: 'eu-west-1', TZ: 'Europe/Paris' } });

  it('layers template env, stack env, then the variables Lambda defines', () => {
    const env = functionEnvironment(fn, { AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324', TABLE: 'overridden' }, '/code', 'stream');
    expect(env).toMatchObject({
      TABLE: 'overridden',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9324',
      AWS_LAMBDA_FUNCTION_NAME: 'test-Chat',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/test-Chat',
      AWS_LAMBDA_LOG_STREAM_NAME: 'stream',
      LAMBDA_TASK_ROOT: '/code',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
    });
  });

  it("sets the log format, level and group of LoggingConfig as Lambda does (JSON only), and nothing for text logs", () => {
    const json = functionDef({ logicalId: 'Json', handler: 'app.handler', codeDir: '/code', logging: { format: 'JSON', applicationLogLevel: 'DEBUG', logGroup: '/custom/group' } });

    expect(functionEnvironment(json, {}, '/code', 's')).toMatchObject({ AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'DEBUG', AWS_LAMBDA_LOG_GROUP_NAME: '/custom/group' });
    expect(functionEnvironment(fn, {}, '/code', 's')).not.toHaveProperty('AWS_LAMBDA_LOG_FORMAT');
  });

  it('provides credentials so the SDK never looks for an instance role', () => {
    expect(functionEnvironment(fn, {}, '/code', 's')).toMatchObject({ AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
  });

  it('names log streams as Lambda does', () => {
    expect(newLogStreamName('0a1b2c3d-0000-4000-8000-000000000000')).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\]0a1b2c3d000040008000000000000000$/);
  });
});
