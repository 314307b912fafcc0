/**
 * Reading a function's environment variables at init: a missing or invalid one throws `ConfigError`,
 * so a misconfigured function refuses to start instead of failing on its first request.
 */
import { ConfigError } from './errors.js';

export type Env = Record<string, string | undefined>;

export function requiredString(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function integerInRange(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`Environment variable ${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}
