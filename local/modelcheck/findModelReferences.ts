import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TemplateModel } from '../template/model.js';

/** Where a model id was found: `parameter ChatModelId`, `ChatFunction environment MODEL_ID`, `src/chat/x.ts:12`. */
export interface ModelReference {
  modelId: string;
  where: string;
}

const PROVIDERS = 'anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|twelvelabs|stability|luma|google|nvidia|minimax|moonshot';
const GEOGRAPHIES = 'us-gov|us|eu|apac|global|jp|au|ca';
/** A Bedrock model or inference-profile id in running text: `provider.name-with-a-dash[:n]`, optionally `geo.` first. */
const MODEL_ID = new RegExp(`(?<![\\w.-])(?:(?:${GEOGRAPHIES})\\.)?(?:${PROVIDERS})\\.[a-z0-9]+(?:[-.][a-z0-9]+)*-[a-z0-9]+(?:[-.][a-z0-9]+)*(?::\\d+(?::\\d+k)?)?(?![\\w-])`, 'g');
const SOURCE_FILE = /\.(?:[cm]?[jt]s|py)$/;
const SKIPPED_DIRS = new Set(['node_modules', '.aws-sam', 'dist', 'build', '.git', '__pycache__', '.venv']);

/** Every model-id-looking string in a text. */
export function modelIdsIn(text: string): string[] {
  return [...text.matchAll(MODEL_ID)].map((match) => match[0]);
}

/** `arn:aws:bedrock:…:foundation-model/<id>` or `…:inference-profile/<id>` → `<id>`; anything else as it is. */
function withoutArn(value: string): string {
  return value.replace(/^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile)\//, '');
}

/** The `ModelId` of every `bedrock:invokeModel` task of an ASL definition (JSONPath references left out). */
function invokeModelIds(node: unknown, found: Array<{ state: string; modelId: string }>, state = ''): void {
  if (Array.isArray(node)) {
    for (const item of node) invokeModelIds(item, found, state);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.Resource === 'string' && record.Resource.startsWith('arn:aws:states:::bedrock:invokeModel')) {
    const parameters = (record.Parameters ?? record.Arguments) as Record<string, unknown> | undefined;
    if (typeof parameters?.ModelId === 'string' && !parameters.ModelId.startsWith('{%')) found.push({ state, modelId: withoutArn(parameters.ModelId) });
  }
  for (const [key, value] of Object.entries(record)) {
    const states = key === 'States' && value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
    if (states) for (const [name, child] of Object.entries(states)) invokeModelIds(child, found, name);
    else invokeModelIds(value, found, state);
  }
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
      return SOURCE_FILE.test(entry.name) && !/\.test\.|\.d\.ts$/.test(entry.name) ? [full] : [];
    }),
  );
  return nested.flat();
}

/**
 * Every model id a template uses: parameter values (defaults or overrides), functions' environments,
 * state machines' `bedrock:invokeModel` tasks and other model-id-looking strings in their
 * definitions, and model-id-looking strings in the functions' source files.
 *
 * @example
 * const references = await findModelReferences(await loadTemplate('template.yaml'));
 * // [{ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', where: 'parameter ChatModelId' }, …]
 */
export async function findModelReferences(model: TemplateModel): Promise<ModelReference[]> {
  const references: ModelReference[] = [];
  const add = (modelId: string, where: string) => {
    if (!references.some((reference) => reference.modelId === modelId && reference.where === where)) references.push({ modelId, where });
  };
  for (const [name, value] of Object.entries(model.parameters ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) for (const id of modelIdsIn(String(item))) add(id, `parameter ${name}`);
  }
  for (const fn of model.functions) {
    for (const [name, value] of Object.entries(fn.environment)) for (const id of modelIdsIn(value)) add(id, `${fn.logicalId} environment ${name}`);
  }
  for (const machine of model.stateMachines) {
    const tasks: Array<{ state: string; modelId: string }> = [];
    invokeModelIds(machine.definition, tasks);
    for (const task of tasks) add(task.modelId, `${machine.logicalId} state ${task.state}`);
    for (const id of modelIdsIn(JSON.stringify(machine.definition))) {
      if (!tasks.some((task) => task.modelId === id)) add(id, `${machine.logicalId} definition`);
    }
  }
  const dirs = [...new Set(model.functions.map((fn) => fn.codeDir))];
  const files = [...new Set((await Promise.all(dirs.map(sourceFiles))).flat())].sort();
  const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
  files.forEach((file, fileIndex) => {
    // Most files name no model: only those that do are searched line by line (a start does this while serving its first requests).
    if (modelIdsIn(texts[fileIndex]).length === 0) return;
    texts[fileIndex].split('\n').forEach((line, index) => {
      for (const id of modelIdsIn(line)) add(id, `${path.relative(model.baseDir, file)}:${index + 1}`);
    });
  });
  return references;
}
