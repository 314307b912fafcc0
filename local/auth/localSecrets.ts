import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

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

/** Reads `<dataDir>/secrets.json`, creating it on first use; without a data dir, fresh secrets each call. */
export async function loadLocalSecrets(dataDir: string | undefined): Promise<LocalSecrets> {
  if (!dataDir) return generate();
  const file = path.join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LocalSecrets;
  } catch {
    const secrets = generate();
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}
