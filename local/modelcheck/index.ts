/**
 * Checks the Bedrock models a SAM app uses against the catalogue and its lifecycle dates, before
 * `sam deploy` (`genai-kit check`) and at `genai-kit start`.
 */
export { findModelReferences, modelIdsIn, type ModelReference } from './findModelReferences.js';
export { checkModelId, checkModels, FAILING, type FindingKind, type ModelFinding } from './checkModels.js';
export { formatFindings } from './formatFindings.js';
export { startupSummary } from './startupSummary.js';
