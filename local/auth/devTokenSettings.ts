import type { TemplateModel } from '../template/model.js';

export interface DevTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
}

/**
 * The token settings of the template's authorizer functions: those that read `AUTH_JWT_SECRET`,
 * `AUTH_ISSUER` and `AUTH_AUDIENCE`. Undefined when the template has no such authorizer.
 */
export function devTokenSettings(model: TemplateModel): DevTokenSettings | undefined {
  const authorizerIds = new Set(model.apis.flatMap((api) => api.authorizers.map((a) => a.functionLogicalId)));
  const env = model.functions.find((fn) => authorizerIds.has(fn.logicalId) && fn.environment.AUTH_JWT_SECRET)?.environment;
  return env && { secret: env.AUTH_JWT_SECRET, issuer: env.AUTH_ISSUER ?? '', audience: env.AUTH_AUDIENCE ?? '' };
}
