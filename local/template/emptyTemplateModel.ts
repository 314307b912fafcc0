import path from 'node:path';
import type { TemplateModel } from './model.js';

/**
 * A model with nothing in it, for building one in code (tests, benchmarks) rather than from YAML.
 *
 * @example
 * const model = { ...emptyTemplateModel('/app'), functions: [myFunction] };
 */
export function emptyTemplateModel(baseDir: string): TemplateModel {
  return {
    templatePath: path.join(baseDir, 'template.yaml'),
    baseDir,
    functions: [],
    apis: [],
    routes: [],
    functionUrls: [],
    tables: [],
    queues: [],
    sqsEventSources: [],
    stateMachines: [],
    unsupported: [],
  };
}
