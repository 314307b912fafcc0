import { describe, expect, it } from 'vitest';
import { readAuthConfig, readChatConfig, readSdkRetryConfig } from '../../../../src/lib/config.js';
import { ConfigError } from '../../../../src/lib/errors.js';

const SECRET = 'x'.repeat(32);

describe('readChatConfig', () => {
  it('reads the variables with their defaults', () => {
    expect(readChatConfig({ CONVERSATION_TABLE: 't', MODEL_ID: 'm' })).toEqual({
      conversationTable: 't',
      modelId: 'm',
      maxTokens: 1024,
      historyTurns: 10,
      conversationTtlDays: 30,
      contextWindowTokens: 200_000,
    });
    expect(() => readChatConfig({ CONVERSATION_TABLE: 't', MODEL_ID: 'm', MAX_TOKENS: '8192', CONTEXT_WINDOW_TOKENS: '8192' })).toThrow(/MAX_TOKENS \(8192\) must be smaller/);
    expect(readChatConfig({ CONVERSATION_TABLE: 't', MODEL_ID: 'm', MAX_TOKENS: '256', HISTORY_TURNS: '0' })).toMatchObject({
      maxTokens: 256,
      historyTurns: 0,
    });
  });

  it.each([
    [{ MODEL_ID: 'm' }, 'CONVERSATION_TABLE'],
    [{ CONVERSATION_TABLE: 't' }, 'MODEL_ID'],
    [{ CONVERSATION_TABLE: 't', MODEL_ID: 'm', MAX_TOKENS: 'many' }, 'MAX_TOKENS'],
    [{ CONVERSATION_TABLE: 't', MODEL_ID: 'm', MAX_TOKENS: '0' }, 'MAX_TOKENS'],
    [{ CONVERSATION_TABLE: 't', MODEL_ID: 'm', HISTORY_TURNS: '-1' }, 'HISTORY_TURNS'],
    [{ CONVERSATION_TABLE: 't', MODEL_ID: 'm', HISTORY_TURNS: '2.5' }, 'HISTORY_TURNS'],
  ])('refuses %j naming %s', (env, name) => {
    expect(() => readChatConfig(env)).toThrow(ConfigError);
    expect(() => readChatConfig(env)).toThrow(name);
  });
});

describe('readAuthConfig', () => {
  const base = { AUTH_ISSUER: 'iss', AUTH_AUDIENCE: 'aud' };

  it('uses the secret when no JWKS URL is set', () => {
    expect(readAuthConfig({ ...base, AUTH_JWKS_URL: '', AUTH_JWT_SECRET: SECRET })).toEqual({ issuer: 'iss', audience: 'aud', jwtSecret: SECRET });
  });

  it('prefers the JWKS URL when both are set', () => {
    expect(readAuthConfig({ ...base, AUTH_JWKS_URL: 'https://idp.example/jwks.json', AUTH_JWT_SECRET: SECRET })).toEqual({
      issuer: 'iss',
      audience: 'aud',
      jwksUrl: 'https://idp.example/jwks.json',
    });
  });

  it('refuses to start with neither a JWKS URL nor a secret', () => {
    expect(() => readAuthConfig({ ...base, AUTH_JWKS_URL: '', AUTH_JWT_SECRET: '' })).toThrow(/AUTH_JWKS_URL.*AUTH_JWT_SECRET/);
  });

  it('refuses a short secret, a bad URL and a missing issuer', () => {
    expect(() => readAuthConfig({ ...base, AUTH_JWT_SECRET: 'short' })).toThrow('at least 32 bytes');
    expect(() => readAuthConfig({ ...base, AUTH_JWKS_URL: 'not a url' })).toThrow('not a URL');
    expect(() => readAuthConfig({ AUTH_AUDIENCE: 'aud', AUTH_JWT_SECRET: SECRET })).toThrow('AUTH_ISSUER');
  });
});

describe('readSdkRetryConfig', () => {
  it('defaults to the standard strategy with 3 attempts and reads the SDK variables', () => {
    expect(readSdkRetryConfig({})).toEqual({ maxAttempts: 3, retryMode: 'standard' });
    expect(readSdkRetryConfig({ AWS_MAX_ATTEMPTS: '5', AWS_RETRY_MODE: 'adaptive' })).toEqual({ maxAttempts: 5, retryMode: 'adaptive' });
    expect(() => readSdkRetryConfig({ AWS_RETRY_MODE: 'legacy' })).toThrow(ConfigError);
  });
});
