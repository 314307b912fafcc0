/**
 * The testing API: start a template's whole local stack from a test, drive it, assert on it.
 * See docs/testing.md.
 */
export { startStack, StartedTestStack, type TestStackOptions } from './startStack.js';
export { TestStack } from './TestStack.js';
export { StackClients } from './StackClients.js';
export { FakeBedrockControl } from './FakeBedrockControl.js';
export { StackQueues } from './StackQueues.js';
export { StackExecutions, type FinishedExecution } from './StackExecutions.js';
export type { ApiRequestInit, ApiResponse } from './apiRequest.js';
export type { StackControl, TestClock } from './StackControl.js';
export type { StackClock } from '../clock/StackClock.js';
export type { StackDescription } from './StackDescription.js';
export type { RecordTarget, ReplayMiss, TestBedrockOptions } from './recordedModels.js';
export { durationMs, type Duration } from './duration.js';
export { NotInStackError, ReplayMissError, TestingError, WaitTimeoutError } from './errors.js';
export type { FunctionInvocation } from '../runtime/FunctionInvocationLog.js';
export type { Endpoints } from '../stack/endpointsFile.js';
export type { FaultRule, FixtureRule, InvocationRecord } from '../bedrock/index.js';
