export { loadTemplate, type LoadTemplateOptions } from './loadTemplate.js';
export { parseCfnYaml } from './cfnYaml.js';
export { resolveIntrinsics, type IntrinsicContext } from './resolveIntrinsics.js';
export { TemplateError, UnresolvableIntrinsicError } from './errors.js';
export * from './model.js';
export { emptyTemplateModel } from './emptyTemplateModel.js';
