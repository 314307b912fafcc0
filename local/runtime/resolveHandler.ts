/**
 * Resolves a Lambda `Handler` string to a module file and an export path, as the Lambda Node.js
 * runtime does: `path/to/file.export` (nested `file.a.b`), the module tried extensionless, then
 * `.js` (CommonJS unless the nearest package.json says `"type": "module"`), `.mjs`, `.cjs`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface HandlerName {
  /** Module path relative to the task root, without extension (`src/chat/handler`). */
  modulePath: string;
  /** Export path inside the module (`['handler']`). */
  exportPath: string[];
}

export interface ResolvedModule {
  file: string;
  loader: 'require' | 'import';
}

/** Splits `path/to/file.export`; undefined when malformed (Lambda's `Runtime.MalformedHandlerName`). */
export function parseHandler(handler: string): HandlerName | undefined {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const match = /^([^.]*)\.(.*)$/.exec(handler.slice(slash + 1));
  if (!match || !match[1] || !match[2]) return undefined;
  return { modulePath: dir + match[1], exportPath: match[2].split('.') };
}

/** Finds the module file under `taskRoot` (falls back to the module's basename, where esbuild flattens outputs). */
export function resolveModule(taskRoot: string, modulePath: string): ResolvedModule | undefined {
  return resolveModuleAt(resolve(taskRoot, modulePath)) ?? (modulePath.includes('/') ? resolveModuleAt(join(taskRoot, basename(modulePath))) : undefined);
}

function resolveModuleAt(base: string): ResolvedModule | undefined {
  if (isFile(base)) return { file: base, loader: 'require' };
  if (isFile(`${base}.js`)) return { file: `${base}.js`, loader: nearestPackageType(dirname(base)) === 'module' ? 'import' : 'require' };
  if (isFile(`${base}.mjs`)) return { file: `${base}.mjs`, loader: 'import' };
  if (isFile(`${base}.cjs`)) return { file: `${base}.cjs`, loader: 'require' };
  return undefined;
}

function nearestPackageType(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown };
        return typeof parsed.type === 'string' ? parsed.type : undefined;
      } catch {
        return undefined;
      }
    }
    if (dirname(current) === current) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
