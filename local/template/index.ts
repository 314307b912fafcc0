export { loadTemplate, type LoadTemplateOptions } from './loadTemplate.js';
export { loadLocalTemplate, type LoadLocalTemplateOptions } from './loadLocalTemplate.js';
export { TemplateError } from './errors.js';
export * from './model.js';
export { emptyTemplateModel } from './emptyTemplateModel.js';
