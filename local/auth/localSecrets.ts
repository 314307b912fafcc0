import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { readStateFile, writeStateFile } from '../stateFile.js';

/** The local API key and the signing secret of dev tokens, stable across restarts of the stack. */
export interface LocalSecrets {
  apiKeyId: string;
  apiKey: string;
  jwtSecret: string;
}

const generate = (): LocalSecrets => ({
  apiKeyId: randomBytes(5).toString('hex'),
  apiKey: randomBytes(20).toString('base64url'),
  jwtSecret: randomBytes(32).toString('base64url'),
});

const isSecrets = (value: unknown): value is LocalSecrets =>
  typeof value === 'object' &&
  value !== null &&
  ['apiKeyId', 'apiKey', 'jwtSecret'].every((key) => typeof (value as Record<string, unknown>)[key] === 'string' && (value as Record<string, string>)[key] !== '');

/**
 * Reads `<dataDir>/secrets.json`, creating it (atomically, mode 600) on first use; without a data dir,
 * fresh secrets each call. A damaged file is an error naming it: regenerating it silently would change
 * the API key and invalidate every token in use.
 */
export async function loadLocalSecrets(dataDir: string | undefined): Promise<LocalSecrets> {
  if (!dataDir) return generate();
  const file = path.join(dataDir, 'secrets.json');
  const saved = await readStateFile(
    file,
    'It holds the local API key and the secret that signs dev tokens. Repair it, or delete it to generate new ones (then use the new apiKey and token from endpoints.json).',
    isSecrets,
  );
  if (saved) return saved;
  const secrets = generate();
  await writeStateFile(file, JSON.stringify(secrets, null, 2), 0o600);
  return secrets;
}
