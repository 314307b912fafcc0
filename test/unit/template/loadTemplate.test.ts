import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { loadTemplate, TemplateError } from '../../../local/template/index.js';

const fixture = path.resolve('test/fixtures/template/everything.yaml');

describe('loadTemplate', () => {
  it('applies Globals and resolves intrinsics to local names', async () => {
    const model = await loadTemplate(fixture);
    const chat = model.functions.find((f) => f.logicalId === 'ChatFunction')!;

    expect(chat).toMatchObject({
      functionName: 'local-ChatFunction',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:local-ChatFunction',
      codeDir: path.resolve('test/fixtures/template/src'),
      runtime: 'nodejs22.x',
      timeout: 30,
      memorySize: 256,
      reservedConcurrency: 5,
      // Minified, as `sam build` does when BuildProperties say nothing of Minify.
      build: { method: 'esbuild', entryPoints: ['chat/handler.ts'], format: 'esm', minify: true },
    });
    expect(chat.environment).toEqual({
      TABLE: 'local-Table',
      STAGE: 'dev',
      MODEL_ID: 'anthropic.claude-3-haiku-20240307-v1:0',
      SIZE: 'small',
      QUEUE_URL: 'http://127.0.0.1:9324/000000000000/local-Queue',
      MACHINE: 'arn:aws:states:us-east-1:000000000000:stateMachine:local-Machine',
      LABEL: 'local-dev-${Literal}',
      ARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/local-Table',
      JOINED: 'a/y',
    });
  });

  it('reads routes with API keys, default and opted-out authorizers, and implicit APIs', async () => {
    const model = await loadTemplate(fixture);

    expect(model.routes.map((r) => [r.apiLogicalId, r.method, r.path, r.apiKeyRequired, r.authorizer, r.payloadFormatVersion])).toEqual([
      ['Api', 'POST', '/chat', true, 'TokenAuth', '1.0'],
      ['Api', 'GET', '/health', false, undefined, '1.0'],
      ['ServerlessHttpApi', 'GET', '/items/{id}', false, undefined, '2.0'],
    ]);
    const api = model.apis.find((a) => a.logicalId === 'Api')!;
    expect(api).toMatchObject({ kind: 'REST', stage: 'dev', apiKeyRequired: true, usagePlan: { throttle: { burstLimit: 10, rateLimit: 5 } } });
    expect(api.authorizers).toEqual([
      expect.objectContaining({ name: 'TokenAuth', type: 'TOKEN', functionLogicalId: 'AuthFunction', identityHeader: 'Authorization', resultTtlInSeconds: 60 }),
    ]);
    expect(api.cors?.allowOrigins).toEqual(['*']);
    expect(model.apis.find((a) => a.logicalId === 'ServerlessHttpApi')).toMatchObject({ kind: 'HTTP', stage: '$default' });
  });

  it('reads tables, queues with redrive, SQS event sources, function URLs and state machines', async () => {
    const model = await loadTemplate(fixture);

    expect(model.tables[0]).toMatchObject({ tableName: 'local-Table', ttlAttribute: 'ttl', billingMode: 'PAY_PER_REQUEST' });
    expect(model.queues.map((q) => q.queueName)).toEqual(['local-Queue', 'local-dlq']);
    expect(JSON.parse(model.queues[0].attributes.RedrivePolicy)).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:local-dlq',
      maxReceiveCount: 3,
    });
    expect(model.sqsEventSources[0]).toMatchObject({ functionLogicalId: 'Worker', queueLogicalId: 'Queue', batchSize: 5, reportBatchItemFailures: true, maximumConcurrency: 3 });
    expect(model.functionUrls).toEqual([{ functionLogicalId: 'StreamFunction', invokeMode: 'RESPONSE_STREAM', authType: 'NONE', cors: undefined }]);
    expect(model.stateMachines[0].definition).toEqual({
      StartAt: 'Work',
      States: { Work: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:local-Worker', End: true } },
    });
  });

  it('lists what it does not emulate instead of ignoring it', async () => {
    const model = await loadTemplate(fixture);

    expect(model.unsupported).toEqual(
      expect.arrayContaining([expect.stringContaining('ChatFunction.Schedule: event type Schedule'), 'Topic: resource type AWS::SNS::Topic']),
    );
    expect(model.unsupported.join('\n')).not.toContain('Role');
  });

  it('honours parameter overrides and conditions', async () => {
    const model = await loadTemplate(fixture, { parameterOverrides: { Stage: 'prod' }, stackName: 'team' });

    expect(model.queues.map((q) => q.queueName)).toContain('team-ProdOnlyQueue');
    expect(model.functions[0].environment).toMatchObject({ STAGE: 'prod', SIZE: 'large', MAYBE: 'yes' });
  });

  it('rejects bad parameters with a message naming them', async () => {
    await expect(loadTemplate(fixture, { parameterOverrides: { Stage: 'qa' } })).rejects.toThrow(/Stage=qa is not one of its AllowedValues/);
    await expect(loadTemplate(fixture, { parameterOverrides: { Nope: 'x' } })).rejects.toThrow(TemplateError);
    await expect(loadTemplate('missing.yaml')).rejects.toThrow(/Cannot read template/);
  });
});
