import type { ModelEntry } from './ModelCatalogue.js';
import { lifecycleState, type LifecycleState } from './modelLifecycle.js';

/** Why a model is not simply active: what the fake logs and the inspection API shows. */
export interface LifecycleNotice {
  state: Exclude<LifecycleState, 'ACTIVE'>;
  modelId: string;
  legacy?: string;
  endOfLife?: string;
  replacement?: string;
  /** One line for a log: the state, its dates and the replacement. */
  message: string;
}

/**
 * The notice for a model that is Legacy or past its end of life on a day; undefined for an active one.
 *
 * @example
 * lifecycleNotice(claude37, new Date('2026-12-07'))?.message
 * // 'anthropic.claude-3-7-sonnet-20250219-v1:0 reached end of life on 2026-04-28: Bedrock refuses it … use anthropic.claude-sonnet-4-6'
 */
export function lifecycleNotice(model: Pick<ModelEntry, 'id' | 'lifecycle'>, at: Date): LifecycleNotice | undefined {
  const state = lifecycleState(model, at);
  if (state === 'ACTIVE') return undefined;
  const { legacy, endOfLife, replacement } = model.lifecycle ?? {};
  const instead = replacement ? `; use ${replacement}` : '';
  const message = state === 'EOL'
    ? `${model.id} reached end of life on ${endOfLife}: Bedrock answers ValidationException "The provided model identifier is invalid."${instead}`
    : `${model.id} is Legacy${endOfLife ? `; end of life on ${endOfLife}` : ' (end-of-life date not announced)'}${instead}`;
  return { state, modelId: model.id, legacy, endOfLife, replacement, message };
}
