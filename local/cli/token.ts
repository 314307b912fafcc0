import path from 'node:path';
import { parseArgs } from 'node:util';
import { signDevToken } from '../auth/devToken.js';
import { devTokenExtraClaims, devTokenSettings } from '../auth/devTokenSettings.js';
import { loadLocalTemplate } from '../template/index.js';
import { joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION } from './parameterOverrides.js';

const HELP = `Usage: genai-kit token [--sub <user id>] [--expires-in 7d] [--template template.yaml] [--parameter-overrides K=V …]

Prints a bearer token that the local authorizer accepts (HS256, signed with the local secret in .local/secrets.json).
When the authorizer reads a usage-key claim (USAGE_KEY_CLAIM), the token carries the user's own local API key.
`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args: joinOverridePairs(args),
    options: {
      sub: { type: 'string', default: 'dev-user' },
      'expires-in': { type: 'string', default: '7d' },
      template: { type: 'string', default: 'template.yaml' },
      ...PARAMETER_OVERRIDES_OPTION,
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const model = await loadLocalTemplate(values.template, { dataDir: path.resolve('.local'), parameterOverrides: overridesFrom(values) });
  const settings = devTokenSettings(model);
  if (!settings) {
    process.stderr.write('genai-kit token: no authorizer in the template reads AUTH_JWT_SECRET, so there is no dev token to make.\n');
    return 1;
  }
  process.stdout.write(`${await signDevToken(settings.secret, { ...settings, sub: values.sub, expiresIn: values['expires-in'], extraClaims: devTokenExtraClaims(settings, values.sub) })}\n`);
  return 0;
}
