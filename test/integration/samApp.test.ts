import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

describe('serving another SAM application', () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startEmbeddedStack({ projectDir: path.resolve('test/fixtures/sam-app') });
  });
  afterAll(() => stack?.close());

  it('runs a CommonJS handler behind the implicit REST API', async () => {
    const response = await fetch(`${stack.endpoints.api}/hello`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'hello world', path: '/hello', stage: 'Prod', fn: 'local-HelloWorldFunction' });
  });

  it('runs a TypeScript handler built with its esbuild metadata behind the implicit HTTP API', async () => {
    const response = await fetch(`${stack.endpoints.api}/items/42`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '42', routeKey: 'GET /items/{id}' });
  });

  it('lists what the template uses that the kit does not emulate', () => {
    expect(stack.model.unsupported).toEqual([
      expect.stringContaining('HelloWorldFunction.Nightly: event type Schedule'),
      'Topic: resource type AWS::SNS::Topic',
    ]);
  });

  it('writes no key, token or service the template does not need', () => {
    expect(stack.endpoints.apiKey).toBeUndefined();
    expect(stack.endpoints.token).toBeUndefined();
    expect(stack.endpoints.functionUrls).toBeUndefined();
    expect(stack.endpoints.sqs).toBeUndefined();
    expect(stack.endpoints.stepfunctions).toBeUndefined();
  });
});
