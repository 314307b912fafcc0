/**
 * Task: resolves its parameters, hands them to the task dispatcher with `TimeoutSeconds`
 * enforced, and records the history events AWS records for the resource kind (Lambda function
 * ARNs: `LambdaFunction*`; service integrations: `Task*`).
 */
import { childController } from '../executionFrame.js';
import { payloadDetails } from '../executionHistory.js';
import { runWithRetryAndCatch } from '../faultTolerance.js';
import type { Json } from '../json.js';
import { readPath } from '../jsonPath.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { asStatesError, StatesError, StatesErrorName } from '../statesError.js';
import type { TaskResourceKind } from '../taskDispatcher.js';
import { LOCAL_REGION } from '../../../template/model.js';

export async function runTaskState(step: StateStep): Promise<StateOutcome> {
  const resource = step.state.Resource;
  if (!resource) throw new StatesError(StatesErrorName.Runtime, `Task state '${step.name}' has no Resource`);
  return runWithRetryAndCatch(step, async () => {
    const kind = step.frame.execution.tasks.describe(resource);
    const parameters = await step.effectiveArguments();
    const timeoutSeconds = await taskTimeout(step);
    const events = new TaskEvents(step, kind);
    events.scheduled(parameters, timeoutSeconds);
    const result = await invokeWithTimeout(step, resource, parameters, timeoutSeconds, events);
    events.succeeded(result);
    return step.finish(result, { useResultSelector: true });
  });
}

async function taskTimeout(step: StateStep): Promise<number | undefined> {
  const { state } = step;
  let value: Json | undefined;
  if (state.TimeoutSeconds !== undefined) {
    value = step.isJsonata ? await step.jsonata(state.TimeoutSeconds as Json, 'TimeoutSeconds') : (state.TimeoutSeconds as Json);
  } else if (state.TimeoutSecondsPath) {
    value = readPath(state.TimeoutSecondsPath, step.applyInputPath(), step.pathScope(), 'TimeoutSecondsPath');
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || value <= 0) throw new StatesError(StatesErrorName.Runtime, `Invalid TimeoutSeconds ${JSON.stringify(value)}`);
  return value;
}

async function invokeWithTimeout(step: StateStep, resource: string, parameters: Json, timeoutSeconds: number | undefined, events: TaskEvents): Promise<Json> {
  const { frame } = step;
  const controller = childController(frame.signal);
  let timer: NodeJS.Timeout | undefined;
  const invocation = frame.execution.tasks.invoke({
    resource,
    parameters,
    stateName: step.name,
    executionArn: frame.execution.executionArn,
    stateMachineName: frame.execution.stateMachineName,
    testCase: frame.execution.testCase,
    signal: controller.signal,
  });
  const racers: Promise<Json>[] = [invocation];
  if (timeoutSeconds !== undefined) {
    racers.push(
      new Promise<Json>((_, reject) => {
        timer = setTimeout(() => reject(new StatesError(StatesErrorName.Timeout, `Task timed out after ${timeoutSeconds} seconds`)), timeoutSeconds * 1000);
      }),
    );
  }
  racers.push(
    new Promise<Json>((_, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason);
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    }),
  );
  try {
    return await Promise.race(racers);
  } catch (thrown) {
    if (frame.signal.aborted) throw thrown;
    const error = asStatesError(thrown);
    if (error.error === StatesErrorName.Timeout) events.timedOut(error);
    else events.failed(error);
    controller.abort(error);
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    controller.dispose();
    invocation.catch(() => undefined);
  }
}

/** The history events of one task attempt. */
class TaskEvents {
  constructor(
    private readonly step: StateStep,
    private readonly kind: TaskResourceKind,
  ) {}

  private get thread() {
    return this.step.frame.thread;
  }

  scheduled(parameters: Json, timeoutInSeconds: number | undefined): void {
    const payload = payloadDetails(parameters);
    if (this.kind.kind === 'lambdaFunction') {
      this.thread.add('LambdaFunctionScheduled', {
        lambdaFunctionScheduledEventDetails: { resource: this.kind.functionArn, input: payload.text, inputDetails: payload.details, timeoutInSeconds },
      });
      this.thread.add('LambdaFunctionStarted');
      return;
    }
    const { resourceType, resource } = this.kind;
    this.thread.add('TaskScheduled', {
      taskScheduledEventDetails: { resourceType, resource, region: LOCAL_REGION, parameters: payload.text, timeoutInSeconds },
    });
    this.thread.add('TaskStarted', { taskStartedEventDetails: { resourceType, resource } });
  }

  succeeded(result: Json): void {
    const payload = payloadDetails(result);
    if (this.kind.kind === 'lambdaFunction') {
      this.thread.add('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: payload.text, outputDetails: payload.details } });
      return;
    }
    const { resourceType, resource } = this.kind;
    this.thread.add('TaskSucceeded', { taskSucceededEventDetails: { resourceType, resource, output: payload.text, outputDetails: payload.details } });
  }

  failed(error: StatesError): void {
    if (this.kind.kind === 'lambdaFunction') {
      this.thread.add('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: error.error, cause: error.causeText } });
      return;
    }
    const { resourceType, resource } = this.kind;
    this.thread.add('TaskFailed', { taskFailedEventDetails: { resourceType, resource, error: error.error, cause: error.causeText } });
  }

  timedOut(error: StatesError): void {
    if (this.kind.kind === 'lambdaFunction') {
      this.thread.add('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error: error.error, cause: error.causeText } });
      return;
    }
    const { resourceType, resource } = this.kind;
    this.thread.add('TaskTimedOut', { taskTimedOutEventDetails: { resourceType, resource, error: error.error, cause: error.causeText } });
  }
}
