export { ModelValidator, type ValidatorCoverage } from './ModelValidator.js';
export { ModelConstraintViolation, ModelTypeMismatch, ModelValidationError, VALIDATION_ERRORS } from './errors.js';
export { loadServiceModel, SERVICE_MODEL_NAMES, type ModelShape, type ServiceModel, type ServiceModelName, type ShapeRef } from './serviceModel.js';
export { describeViolations, type Violation } from './violations.js';
export { compilePattern } from './compilePattern.js';
export { validationAnswer, type ValidationAnswer } from './validationAnswer.js';
