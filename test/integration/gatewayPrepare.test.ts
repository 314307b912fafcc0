/**
 * A route's first request behind an authorizer: the gateway asks the runtime to build the route's
 * function while the authorizer runs (a first request no longer builds the two one after the other),
 * and a denied request still never invokes it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../local/gateway/index.js';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../local/runtime/index.js';
import type { InvocationReport, LambdaRuntime } from '../../local/runtime/types.js';
import type { TemplateModel } from '../../local/template/model.js';
import { emptyModel, fixtureFunction } from '../fixtures/gateway/gatewayModel.js';
import { SignalServer } from '../fixtures/gateway/SignalServer.js';

function model(countUrl: string): TemplateModel {
  return {
    ...emptyModel(),
    functions: [fixtureFunction('Echo', 'echo'), fixtureFunction('Auth', 'authorizer', { environment: { COUNT_URL: countUrl } })],
    apis: [
      {
        logicalId: 'Api',
        kind: 'REST',
        stage: 'Prod',
        apiId: 'prepapi001',
        apiKeyRequired: false,
        authorizers: [{ name: 'TokenAuth', type: 'TOKEN', functionLogicalId: 'Auth', identitySources: [], resultTtlInSeconds: 0 }],
        binaryMediaTypes: [],
        stageVariables: {},
      },
    ],
    routes: [{ apiLogicalId: 'Api', functionLogicalId: 'Echo', method: 'GET', path: '/guarded', apiKeyRequired: false, payloadFormatVersion: '1.0', eventId: 'Guarded', authorizer: 'TokenAuth' }],
  };
}

describe('the first request of a route behind an authorizer', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;
  let gateway: RunningGateway;
  const prepared: string[] = [];
  const invoked: InvocationReport[] = [];
  const signals = new SignalServer();

  beforeAll(async () => {
    await signals.listen();
    buildDir = await mkdtemp(join(tmpdir(), 'gateway-prepare-'));
    runtime = await createLambdaRuntime(model(signals.countUrl('auth')), { buildDir, log: () => {}, observer: { started: () => undefined, finished: (report) => invoked.push(report) } });
    // The real runtime, recording which functions the gateway asks it to build.
    const recording: LambdaRuntime = {
      invoke: (functionId, event, options) => runtime.invoke(functionId, event, options),
      prepare: (functionIds) => (prepared.push(...(functionIds ?? [])), runtime.prepare(functionIds)),
      close: () => runtime.close(),
    };
    gateway = await startGateway(model(signals.countUrl('auth')), recording, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [], log: () => {} });
  });

  afterAll(async () => {
    await gateway?.close();
    await runtime?.close();
    await signals.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('builds the function while the authorizer decides, once, and never invokes it on a deny', async () => {
    const denied = await fetch(`${gateway.apiUrl}/guarded`, { headers: { authorization: 'Bearer deny' } });
    expect(denied.status).toBe(403);
    expect(prepared).toEqual(['Echo']);
    expect(invoked.map((report) => report.functionId)).toEqual(['Auth']);

    const allowed = await fetch(`${gateway.apiUrl}/guarded`, { headers: { authorization: 'Bearer allow' } });
    expect(allowed.status).toBe(200);
    expect(prepared).toEqual(['Echo']);
  });
});
