import path from 'node:path';
import { parseArgs } from 'node:util';
import { signDevToken } from '../auth/devToken.js';
import { devTokenExtraClaims, devTokenSettings } from '../auth/devTokenSettings.js';
import { loadLocalTemplate } from '../template/index.js';

const HELP = `Usage: genai-kit token [--sub <user id>] [--expires-in 7d] [--template template.yaml]

Prints a bearer token that the local authorizer accepts (HS256, signed with the local secret in .local/secrets.json).
When the authorizer reads a usage-key claim (USAGE_KEY_CLAIM), the token carries the user's own local API key.
`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      sub: { type: 'string', default: 'dev-user' },
      'expires-in': { type: 'string', default: '7d' },
      template: { type: 'string', default: 'template.yaml' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const model = await loadLocalTemplate(values.template, { dataDir: path.resolve('.local') });
  const settings = devTokenSettings(model);
  if (!settings) {
    process.stderr.write('genai-kit token: no authorizer in the template reads AUTH_JWT_SECRET, so there is no dev token to make.\n');
    return 1;
  }
  process.stdout.write(`${await signDevToken(settings.secret, { ...settings, sub: values.sub, expiresIn: values['expires-in'], extraClaims: devTokenExtraClaims(settings, values.sub) })}\n`);
  return 0;
}
