/**
 * Task: resolves its parameters, hands them to the task dispatcher with `TimeoutSeconds`
 * enforced, and records the history events AWS records for the resource kind (Lambda function
 * ARNs: `LambdaFunction*`; service integrations: `Task*`).
 */
import { childController } from '../executionFrame.js';
import { payloadDetails } from '../executionHistory.js';
import { runWithRetryAndCatch } from '../faultTolerance.js';
import type { Json } from '../json.js';
import type { StateOutcome, StateStep } from '../stateStep.js';
import { asStatesError, StatesError, StatesErrorName } from '../statesError.js';
import type { TaskResourceKind } from '../taskDispatcher.js';
import { LOCAL_REGION } from '../../../template/model.js';
import { checkPayloadSize } from '../../limits.js';

export async function runTaskState(step: StateStep): Promise<StateOutcome> {
  const resource = step.state.Resource;
  if (!resource) throw new StatesError(StatesErrorName.Runtime, `Task state '${step.name}' has no Resource`);
  return runWithRetryAndCatch(step, async () => {
    const kind = step.frame.execution.tasks.describe(resource);
    const parameters = await step.effectiveArguments();
    const timeoutSeconds = await taskTimeout(step);
    const events = new TaskEvents(step, kind);
    checkPayloadSize(JSON.stringify(parameters ?? null), step.name, 'input');
    events.scheduled(parameters, timeoutSeconds);
    const result = await invokeWithTimeout(step, resource, parameters, timeoutSeconds, events);
    checkPayloadSize(JSON.stringify(result ?? null), resource, 'result');
    events.succeeded(result);
    return step.finish(result, { useResultSelector: true });
  });
}

function taskTimeout(step: StateStep): Promise<number | undefined> {
  const { state } = step;
  return step.numberField('TimeoutSeconds', state.TimeoutSeconds, state.TimeoutSecondsPath, (n) => n > 0);
}

async function invokeWithTimeout(step: StateStep, resource: string, parameters: Json, timeoutSeconds: number | undefined, events: TaskEvents): Promise<Json> {
  const { frame } = step;
  const controller = childController(frame.signal);
  const { clock } = frame.execution;
  let timer: unknown;
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
        timer = clock.setTimeout(() => reject(new StatesError(StatesErrorName.Timeout, `Task timed out after ${timeoutSeconds} seconds`)), timeoutSeconds * 1000);
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
    events.failed(error);
    controller.abort(error);
    throw error;
  } finally {
    clock.clearTimeout(timer);
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

  /** Records `…Failed`, or `…TimedOut` when the error is `States.Timeout`. */
  failed(error: StatesError): void {
    const details = { error: error.error, cause: error.causeText };
    const timedOut = error.error === StatesErrorName.Timeout;
    if (this.kind.kind === 'lambdaFunction') {
      if (timedOut) this.thread.add('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: details });
      else this.thread.add('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details });
      return;
    }
    const taskDetails = { resourceType: this.kind.resourceType, resource: this.kind.resource, ...details };
    if (timedOut) this.thread.add('TaskTimedOut', { taskTimedOutEventDetails: taskDetails });
    else this.thread.add('TaskFailed', { taskFailedEventDetails: taskDetails });
  }
}
