import { loadLocalSecrets } from '../auth/localSecrets.js';
import { loadTemplate, type LoadTemplateOptions } from './loadTemplate.js';
import type { TemplateModel } from './model.js';

export interface LoadLocalTemplateOptions extends Omit<LoadTemplateOptions, 'localDefaults'> {
  /** Where `secrets.json` is kept (see `loadLocalSecrets`); without one, a fresh secret. */
  dataDir?: string;
  /** The token signing secret, when the caller has it already; `dataDir` is then not read. */
  jwtSecret?: string;
}

/**
 * `loadTemplate` with the local stack's token signing secret as the `AuthJwtSecret` parameter's default,
 * so the authorizer accepts `genai-kit token`'s tokens.
 *
 * @example
 * const model = await loadLocalTemplate('template.yaml', { dataDir: path.resolve('.local') });
 */
export async function loadLocalTemplate(templatePath: string, options: LoadLocalTemplateOptions = {}): Promise<TemplateModel> {
  const { dataDir, jwtSecret, ...loadOptions } = options;
  const secret = jwtSecret ?? (await loadLocalSecrets(dataDir)).jwtSecret;
  return loadTemplate(templatePath, { ...loadOptions, localDefaults: { AuthJwtSecret: secret } });
}
