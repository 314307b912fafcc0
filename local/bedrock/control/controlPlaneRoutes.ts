import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeDecode } from '../catalogue/ModelCatalogue.js';
import type { BedrockService } from '../server/BedrockService.js';
import { getFoundationModel, listFoundationModels } from './foundationModels.js';
import { getInferenceProfile, listInferenceProfiles } from './inferenceProfiles.js';

type Query = Record<string, string | undefined>;

/**
 * REST-JSON body. The `bedrock` model's `Timestamp` shape is `timestampFormat: iso8601`, which
 * `JSON.stringify` already writes for a `Date` (`2027-01-08T00:00:00.000Z`).
 */
function restJson(value: unknown): string {
  return JSON.stringify(value);
}

/** The `{identifier}` label of a path, whether the client escaped its `/` and `:` or not. */
function label(request: FastifyRequest): string {
  return safeDecode((request.params as { '*': string })['*']);
}

/**
 * The Bedrock control plane (service `bedrock`, REST-JSON) on the fake's port: ListFoundationModels,
 * GetFoundationModel (with `modelLifecycle`), ListInferenceProfiles and GetInferenceProfile, from the
 * catalogue and the day (`asOf`). Known limitations: no custom models, provisioned throughput,
 * application inference profiles or model customization; every other control-plane path answers
 * as an unknown operation.
 */
export function registerControlPlaneRoutes(app: FastifyInstance, service: BedrockService): void {
  const json = { 'content-type': 'application/json' };
  app.get('/foundation-models', async (request, reply) => {
    const query = request.query as Query;
    const output = listFoundationModels(service.catalogue, service.clock, {
      byProvider: query.byProvider,
      byOutputModality: query.byOutputModality as never,
      byInferenceType: query.byInferenceType as never,
      byCustomizationType: query.byCustomizationType as never,
    });
    return reply.headers(json).send(restJson(output));
  });
  app.get('/foundation-models/*', async (request, reply) =>
    reply.headers(json).send(restJson(getFoundationModel(service.catalogue, service.clock, { modelIdentifier: label(request) }))),
  );
  app.get('/inference-profiles', async (request, reply) => {
    const query = request.query as Query;
    const maxResults = query.maxResults === undefined ? undefined : Number(query.maxResults);
    const output = listInferenceProfiles(service.catalogue, service.clock, {
      maxResults,
      nextToken: query.nextToken,
      typeEquals: query.type as never,
    });
    return reply.headers(json).send(restJson(output));
  });
  app.get('/inference-profiles/*', async (request, reply) =>
    reply.headers(json).send(restJson(getInferenceProfile(service.catalogue, service.clock, { inferenceProfileIdentifier: label(request) }))),
  );
}
