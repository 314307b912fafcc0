/**
 * Reads and validates the functions' environment once, at init. A missing or invalid variable
 * throws `ConfigError`, so a misconfigured function refuses to start instead of failing per request.
 */
import { ConfigError } from './errors.js';
import { integerInRange, optionalString, requiredString, type Env } from './environment.js';

/** What the chat and streaming functions need to hold a conversation. */
export interface ChatConfig {
  /** `CONVERSATION_TABLE`: the DynamoDB table of conversations. */
  conversationTable: string;
  /** `MODEL_ID`: Bedrock model or inference-profile id used with Converse / ConverseStream. */
  modelId: string;
  /** `MAX_TOKENS`: `inferenceConfig.maxTokens` (1–200 000, default 1024). */
  maxTokens: number;
  /** `HISTORY_TURNS`: how many earlier turns (user + assistant pairs) are sent to the model (0–100, default 10). */
  historyTurns: number;
  /**
   * `CONTEXT_WINDOW_TOKENS`: the context window of `MODEL_ID` (default 200 000, Claude's). Older turns
   * are dropped so the input fits it with `MAX_TOKENS` to spare.
   */
  contextWindowTokens: number;
  /** `CONVERSATION_TTL_DAYS`: days after the last turn before DynamoDB's TTL may remove a conversation (default 30). */
  conversationTtlDays: number;
}

/** How bearer JWTs are verified (the authorizer and the streaming function). */
export interface AuthConfig {
  /** `AUTH_ISSUER`: the required `iss` claim. */
  issuer: string;
  /** `AUTH_AUDIENCE`: the required `aud` claim. */
  audience: string;
  /** `AUTH_JWKS_URL`: when set, tokens are verified against this JWKS (asymmetric algorithms). */
  jwksUrl?: string;
  /** `AUTH_JWT_SECRET`: when no JWKS URL is set, tokens are HS256 with this secret. */
  jwtSecret?: string;
}

/** The AWS SDK's own retry strategy (exponential backoff with jitter), configured once for every client. */
export interface SdkRetryConfig {
  /** `AWS_MAX_ATTEMPTS` (the SDK's standard variable), default 3. */
  maxAttempts: number;
  /** `AWS_RETRY_MODE`: `standard` (default) or `adaptive` (adds client-side rate limiting on throttling). */
  retryMode: 'standard' | 'adaptive';
}

/**
 * Reads `CONVERSATION_TABLE`, `MODEL_ID`, `MAX_TOKENS`, `HISTORY_TURNS`, `CONVERSATION_TTL_DAYS`,
 * `CONTEXT_WINDOW_TOKENS` (which must leave room for `MAX_TOKENS`).
 */
export function readChatConfig(env: Env = process.env): ChatConfig {
  const config: ChatConfig = {
    conversationTable: requiredString(env, 'CONVERSATION_TABLE'),
    modelId: requiredString(env, 'MODEL_ID'),
    maxTokens: integerInRange(env, 'MAX_TOKENS', 1024, 1, 200_000),
    historyTurns: integerInRange(env, 'HISTORY_TURNS', 10, 0, 100),
    conversationTtlDays: integerInRange(env, 'CONVERSATION_TTL_DAYS', 30, 1, 3650),
    contextWindowTokens: integerInRange(env, 'CONTEXT_WINDOW_TOKENS', 200_000, 1_000, 10_000_000),
  };
  if (config.maxTokens >= config.contextWindowTokens) {
    throw new ConfigError(`MAX_TOKENS (${config.maxTokens}) must be smaller than CONTEXT_WINDOW_TOKENS (${config.contextWindowTokens})`);
  }
  return config;
}

/**
 * Reads `AUTH_ISSUER`, `AUTH_AUDIENCE`, `AUTH_JWKS_URL`, `AUTH_JWT_SECRET`.
 * Throws when neither a JWKS URL nor a secret is set: there would be no way to verify a token.
 */
export function readAuthConfig(env: Env = process.env): AuthConfig {
  const jwksUrl = optionalString(env, 'AUTH_JWKS_URL');
  const jwtSecret = optionalString(env, 'AUTH_JWT_SECRET');
  if (!jwksUrl && !jwtSecret) {
    throw new ConfigError('Set AUTH_JWKS_URL (JWKS verification) or AUTH_JWT_SECRET (HS256): tokens cannot be verified without one');
  }
  if (jwksUrl) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new ConfigError(`AUTH_JWKS_URL is not a URL: "${jwksUrl}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError('AUTH_JWKS_URL must be an http(s) URL');
  }
  if (!jwksUrl && jwtSecret && Buffer.byteLength(jwtSecret) < 32) {
    throw new ConfigError('AUTH_JWT_SECRET must be at least 32 bytes (HS256 needs a 256-bit key)');
  }
  return {
    issuer: requiredString(env, 'AUTH_ISSUER'),
    audience: requiredString(env, 'AUTH_AUDIENCE'),
    ...(jwksUrl ? { jwksUrl } : { jwtSecret }),
  };
}

/** Reads `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE`, the AWS SDK's standard retry variables. */
export function readSdkRetryConfig(env: Env = process.env): SdkRetryConfig {
  const mode = optionalString(env, 'AWS_RETRY_MODE') ?? 'standard';
  if (mode !== 'standard' && mode !== 'adaptive') {
    throw new ConfigError(`AWS_RETRY_MODE must be "standard" or "adaptive", got "${mode}"`);
  }
  return { maxAttempts: integerInRange(env, 'AWS_MAX_ATTEMPTS', 3, 1, 10), retryMode: mode };
}

/** Reads `USAGE_KEY_CLAIM`: the token claim naming the caller's own API key (undefined when unset or empty). */
export function readUsageKeyClaim(env: Env = process.env): string | undefined {
  return optionalString(env, 'USAGE_KEY_CLAIM');
}
