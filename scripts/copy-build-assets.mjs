// Copies the files the compiled kit reads next to its own modules (import.meta.url) into dist/:
// the Python runtime's bootstrap, the AWS service models, the Bedrock model catalogue.
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const assets = ['local/validation/models', 'local/bedrock/catalogue/models.json', ...readdirSync(path.join(root, 'local/runtime/python')).filter((name) => name.endsWith('.py')).map((name) => `local/runtime/python/${name}`)];
for (const asset of assets) cpSync(path.join(root, asset), path.join(root, 'dist', asset), { recursive: true });
