/**
 * Local AWS Step Functions: an ASL engine (JSONPath and JSONata, every state type, Retry/Catch,
 * variables, AWS-shaped history), task routing by resource ARN (local Lambda runtime, Bedrock,
 * DynamoDB, SQS, nested executions), Step Functions Local's MockConfigFile, persistence (closed
 * executions kept 90 days, as on AWS), and the Step Functions API (AWS JSON 1.0) on port 8083.
 *
 * Known limitations: no `.waitForTaskToken` (no SendTaskSuccess/Failure), no activities, no
 * distributed Map with `ItemReader`/`ResultWriter`, no `HeartbeatSeconds`, no versions/aliases,
 * no redrive, no TestState, no tags or logging configuration; express executions are kept in
 * memory only (AWS keeps none; the last 1,000 finished), and DescribeExecution works for them too.
 */
export { startStepFunctionsServer, type RunningStepFunctions, type StepFunctionsServerOptions } from './api/startStepFunctionsServer.js';
export { StepFunctionsService, type StepFunctionsServiceOptions } from './service/StepFunctionsService.js';
export { DefinitionError, validateDefinition } from './service/validateDefinition.js';
export { SfnApiError, SFN_ERRORS, type SfnErrorCode } from './errors.js';
export { MockConfig, MockConfigError, type MockConfigDocument } from './integrations/mockConfig.js';
export { INTERRUPTED_CAUSE } from './store/StepFunctionsStore.js';
