/** What the embedded stack hands the fake Bedrock it starts. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OVERLAY_FILE } from '../bedrock/catalogue/catalogueOverlay.js';
import type { BedrockServerOptions } from '../bedrock/index.js';
import type { StackOptions } from '../stack.js';
import type { TemplateModel } from '../template/model.js';

/**
 * The fake Bedrock's options: the caller's, the project's catalogue overlay and `knowledge-base/`
 * folder, and the template's knowledge bases (their index under `<dataDir>/knowledge-bases`).
 */
export function bedrockOptions(options: Pick<StackOptions, 'bedrock'>, projectDir: string, model: TemplateModel, persistentDir: string | undefined): Omit<BedrockServerOptions, 'host' | 'port'> {
  return {
    catalogueOverlayFile: path.join(projectDir, OVERLAY_FILE),
    knowledgeBases: model.knowledgeBases,
    ...(persistentDir ? { knowledgeBaseDataDir: path.join(persistentDir, 'knowledge-bases') } : {}),
    ...options.bedrock,
    knowledgeBaseDir: options.bedrock?.knowledgeBaseDir ?? defaultKnowledgeBaseDir(projectDir),
  };
}

/** An external Bedrock (a container) gets the knowledge bases from its own definitions file: named here only. */
export function logExternalKnowledgeBases(model: TemplateModel, log: (line: string) => void): void {
  for (const kb of model.knowledgeBases ?? []) {
    log(`[bedrock] knowledge base ${kb.name}: id ${kb.knowledgeBaseId}, data sources ${kb.dataSources.map((ds) => `${ds.name} (${ds.dataSourceId})`).join(', ') || 'none'} (external Bedrock: defined by its BEDROCK_KNOWLEDGE_BASES file)`);
  }
}

/** The project's `knowledge-base/` folder, when it has one: the documents the fake knowledge bases search. */
function defaultKnowledgeBaseDir(projectDir: string): string | undefined {
  const dir = path.join(projectDir, 'knowledge-base');
  return existsSync(dir) ? dir : undefined;
}

