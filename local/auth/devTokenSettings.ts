import { mintUsageKey } from './usageKeys.js';
import type { TemplateModel } from '../template/model.js';

export interface DevTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  /** The authorizer's `USAGE_KEY_CLAIM`: dev tokens then carry the user's own local API key in it. */
  usageKeyClaim?: string;
}

/**
 * The token settings of the template's authorizer functions: those that read `AUTH_JWT_SECRET`,
 * `AUTH_ISSUER` and `AUTH_AUDIENCE`. Undefined when the template has no such authorizer.
 */
export function devTokenSettings(model: TemplateModel): DevTokenSettings | undefined {
  const authorizerIds = new Set(model.apis.flatMap((api) => api.authorizers.map((a) => a.functionLogicalId)));
  const env = model.functions.find((fn) => authorizerIds.has(fn.logicalId) && fn.environment.AUTH_JWT_SECRET)?.environment;
  return env && { secret: env.AUTH_JWT_SECRET, issuer: env.AUTH_ISSUER ?? '', audience: env.AUTH_AUDIENCE ?? '', usageKeyClaim: env.USAGE_KEY_CLAIM || undefined };
}

/** The claims a dev token for `subject` carries beyond the standard ones: the user's minted usage key, if the authorizer reads one. */
export function devTokenExtraClaims(settings: DevTokenSettings, subject: string): Record<string, string> | undefined {
  return settings.usageKeyClaim ? { [settings.usageKeyClaim]: mintUsageKey(settings.secret, subject) } : undefined;
}
