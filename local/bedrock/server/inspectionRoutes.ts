import type { FastifyInstance } from 'fastify';
import { lifecycleState } from '../catalogue/modelLifecycle.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import type { FaultRule } from '../faults/FaultPlan.js';
import { parseFixtures } from '../responders/FixtureRules.js';
import type { BedrockService } from './BedrockService.js';
import { parseJsonBody } from './parseBody.js';

/** Where the inspection API lives; no Bedrock path starts with it. */
export const INSPECTION_PREFIX = '/_fake';

function badRequest(message: string): { error: string } {
  return { error: message };
}

/** The rules of a `POST /_fake/faults` body (`{ faults: [...] }`, a list, or one rule); undefined if any lacks a kind. */
function faultRulesOf(body: unknown): FaultRule[] | undefined {
  const rules: unknown[] = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body.faults) ? body.faults : [body];
  return rules.every((rule) => isRecord(rule) && typeof rule.fault === 'string') ? (rules as FaultRule[]) : undefined;
}

/**
 * The inspection API (no signature needed):
 * `GET /_fake/invocations[?operation=&modelId=]`, `DELETE /_fake/invocations`, `POST /_fake/reset`,
 * `GET|POST|DELETE /_fake/fixtures` (`POST` appends; `?mode=replace` replaces),
 * `GET|POST|DELETE /_fake/faults`, `GET|PUT /_fake/pace`, `GET /_fake/models`, `GET /_fake/health`.
 */
export function registerInspectionRoutes(app: FastifyInstance, service: BedrockService): void {
  const p = INSPECTION_PREFIX;
  app.get(`${p}/health`, async () => ({ status: 'ok' }));
  app.get(`${p}/models`, async () => ({
    asOf: service.clock().toISOString().slice(0, 10),
    models: service.catalogue.models.map((model) => ({ ...model, state: lifecycleState(model, service.clock()) })),
  }));

  app.get<{ Querystring: { operation?: string; modelId?: string } }>(`${p}/invocations`, async (request) => ({
    invocations: service.log.list(request.query),
  }));
  app.delete(`${p}/invocations`, async () => {
    service.log.clear();
    return { cleared: true };
  });
  app.post(`${p}/reset`, async () => {
    service.reset();
    return { reset: true };
  });

  app.get(`${p}/fixtures`, async () => ({ rules: service.fixtures.list() }));
  app.post<{ Querystring: { mode?: string } }>(`${p}/fixtures`, async (request, reply) => {
    try {
      const rules = parseFixtures(parseJsonBody(request.body));
      service.fixtures.add(rules, request.query.mode === 'replace' ? 'replace' : 'append');
      return { loaded: rules.length, rules: service.fixtures.list().length };
    } catch (error) {
      return reply.status(400).send(badRequest(error instanceof Error ? error.message : String(error)));
    }
  });
  app.delete(`${p}/fixtures`, async () => {
    service.fixtures.add([], 'replace');
    return { cleared: true };
  });

  app.get(`${p}/faults`, async () => ({ faults: service.faults.list() }));
  app.post(`${p}/faults`, async (request, reply) => {
    const rules = faultRulesOf(parseJsonBody(request.body));
    if (!rules) return reply.status(400).send(badRequest('each fault needs a "fault" kind'));
    service.faults.add(rules);
    return { faults: service.faults.list() };
  });
  app.delete(`${p}/faults`, async () => {
    service.faults.clear();
    return { cleared: true };
  });

  app.get(`${p}/pace`, async () => service.pace);
  app.put(`${p}/pace`, async (request) => {
    const body = parseJsonBody(request.body) as Partial<typeof service.pace>;
    service.pace = {
      firstTokenDelayMs: Number(body.firstTokenDelayMs ?? service.pace.firstTokenDelayMs),
      tokensPerSecond: Number(body.tokensPerSecond ?? service.pace.tokensPerSecond),
    };
    return service.pace;
  });
}
