/**
 * Says at start which packages a Python function's `requirements.txt` names that its interpreter
 * cannot find (in the task root or the interpreter's own site-packages). Never installs anything:
 * that is the user's choice (a virtualenv, `pip install -t`, `sam build`).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHECK_SCRIPT = fileURLToPath(new URL('../python/check_requirements.py', import.meta.url));

export interface RequirementsToCheck {
  functionId: string;
  taskRoot: string;
}

/** The distribution names in a requirements file (comments, options, markers, extras and versions dropped). */
export function requirementNames(text: string): string[] {
  const names: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.split(';')[0].trim())?.[1];
    if (name && !line.includes('://')) names.push(name);
  }
  return names;
}

/** Missing requirement names per function id (functions with nothing missing, or no requirements.txt, are left out). */
export async function missingRequirements(interpreter: string, functions: RequirementsToCheck[]): Promise<Map<string, string[]>> {
  const input = functions.flatMap(({ functionId, taskRoot }) => {
    const file = join(taskRoot, 'requirements.txt');
    if (!existsSync(file)) return [];
    const names = requirementNames(readFileSync(file, 'utf8'));
    return names.length ? [{ id: functionId, taskRoot, names }] : [];
  });
  if (!input.length) return new Map();
  const output = await new Promise<string>((resolve) => {
    const child = execFile(interpreter, [CHECK_SCRIPT], { timeout: 20_000 }, (error, stdout) => resolve(error ? '{}' : stdout));
    child.stdin?.end(JSON.stringify(input));
  });
  let parsed: Record<string, string[]> = {};
  try {
    parsed = JSON.parse(output) as Record<string, string[]>;
  } catch {
    // A broken interpreter was reported by the probe already.
  }
  return new Map(Object.entries(parsed).filter(([, names]) => names.length > 0));
}
