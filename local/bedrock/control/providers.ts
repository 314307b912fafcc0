import type { ModelEntry } from '../catalogue/ModelCatalogue.js';

const PROVIDER_NAMES: Record<string, string> = {
  anthropic: 'Anthropic', amazon: 'Amazon', meta: 'Meta', mistral: 'Mistral AI', cohere: 'Cohere',
  deepseek: 'DeepSeek', openai: 'OpenAI', qwen: 'Qwen', ai21: 'AI21 Labs',
};

/** The provider name Bedrock shows for a model (`Anthropic` for `anthropic.…`). */
export function providerName(model: Pick<ModelEntry, 'id'>): string {
  const prefix = model.id.slice(0, model.id.indexOf('.'));
  return PROVIDER_NAMES[prefix] ?? prefix;
}

/** The Regions each inference-profile geography routes to (AWS's inference-profile pages, read 2026-12-07). */
export const PROFILE_REGIONS: Record<string, string[]> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
  apac: ['ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  ca: ['ca-central-1', 'ca-west-1'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
};

/** How the name of a system-defined profile starts (`US Anthropic Claude …`). */
export function geographyLabel(prefix: string): string {
  return prefix === 'global' ? 'Global' : prefix === 'apac' ? 'APAC' : prefix.toUpperCase();
}
