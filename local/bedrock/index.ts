/**
 * The fake Amazon Bedrock: runtime (Converse, ConverseStream, InvokeModel,
 * InvokeModelWithResponseStream, CountTokens, ApplyGuardrail) and agent runtime (Retrieve,
 * RetrieveAndGenerate) over cleartext HTTP/2 and HTTP/1.1 on one port, and the control plane's
 * ListFoundationModels, GetFoundationModel, ListInferenceProfiles, GetInferenceProfile. Model
 * lifecycles (Legacy served with a warning, EOL refused) follow the catalogue's dates and the day
 * (`asOf`). See docs/fake-bedrock.md.
 *
 * Known limitations: InvokeModelWithBidirectionalStream, async invoke, RetrieveAndGenerateStream
 * and agents answer UnknownOperationException; guardrails decide by keywords and patterns (no ML
 * classifier offline); token counts are approximate; record mode forwards everything as a buffered Converse call.
 */
export { startBedrockServer, buildBedrockApp, type RunningBedrock } from './server/startBedrockServer.js';
export type { BedrockServerOptions, ResponderName } from './server/options.js';
export { BedrockService } from './server/BedrockService.js';
export { BedrockError, BEDROCK_ERRORS, type BedrockErrorCode } from './errors.js';
export { ModelCatalogue, type ModelEntry, type ModelFamily, type ModelCapabilities } from './catalogue/ModelCatalogue.js';
export { lifecycleState, fixedClock, parseDay, type Clock, type LifecycleState, type ModelLifecycleDates } from './catalogue/modelLifecycle.js';
export { lifecycleNotice, type LifecycleNotice } from './catalogue/lifecycleNotice.js';
export { OVERLAY_FILE, type CatalogueOverlay } from './catalogue/catalogueOverlay.js';
export type { AnswerPart, ModelRequest, OperationName, Responder } from './conversation/types.js';
export type { FaultKind, FaultRule } from './faults/FaultPlan.js';
export type { FixtureRule, FixtureMatch, FixtureAnswer } from './responders/FixtureRules.js';
export type { InvocationRecord } from './inspection/InvocationLog.js';
export type { OpenAiUpstreamOptions } from './responders/OpenAiUpstreamResponder.js';
export type { RecordingOptions } from './responders/RecordingResponder.js';
export type { SignatureMode, SigningCredentials } from './server/SigV4Verifier.js';
export { decodeEventStream } from './eventstream/EventStreamEncoder.js';
export type { GuardrailDefinition, GuardrailProperties } from './guardrails/GuardrailDefinition.js';
export { parseGuardrails, loadGuardrailsFile } from './guardrails/parseGuardrails.js';
