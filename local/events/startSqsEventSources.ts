import { SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { LambdaRuntime } from '../runtime/types.js';
import type { SqsEventSourceDef, TemplateModel } from '../template/model.js';
import { SqsEventSourcePoller, type SqsEventSourceStats } from './SqsEventSourcePoller.js';

/**
 * Batches Lambda runs at once for one mapping when `ScalingConfig.MaximumConcurrency` is not set:
 * Lambda starts with five pollers (and scales up from there on AWS).
 */
export const DEFAULT_EVENT_SOURCE_CONCURRENCY = 5;
/** The smallest `MaximumConcurrency` Lambda accepts. */
export const MIN_MAXIMUM_CONCURRENCY = 2;

export interface SqsEventSources {
  pollers: SqsEventSourcePoller[];
  /** Per mapping (`<Function>/<EventId>`), for logs and tests. */
  stats(): Record<string, SqsEventSourceStats>;
  /** Stops every poller; call before closing the runtime. */
  stop(): Promise<void>;
}

export interface SqsEventSourcesOptions {
  /** Longest long poll in seconds (20 by default). */
  longPollSeconds?: number;
  /** The stack clock's time: batching windows run on it. */
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * How many batches of a mapping run at once: `MaximumConcurrency` (at least 2, as Lambda
 * enforces) or Lambda's starting five, never more than the function's reserved concurrency, and
 * one for a FIFO queue so each message group is processed in order.
 */
export function eventSourceConcurrency(source: SqsEventSourceDef, model: TemplateModel): number {
  const queue = model.queues.find((candidate) => candidate.logicalId === source.queueLogicalId || candidate.arn === source.queueArn);
  if (queue?.fifo) return 1;
  const fn = model.functions.find((candidate) => candidate.logicalId === source.functionLogicalId);
  const configured = source.maximumConcurrency === undefined
    ? DEFAULT_EVENT_SOURCE_CONCURRENCY
    : Math.max(MIN_MAXIMUM_CONCURRENCY, source.maximumConcurrency);
  const reserved = fn?.reservedConcurrency;
  return reserved !== undefined && reserved > 0 ? Math.min(configured, reserved) : configured;
}

/**
 * Starts a {@link SqsEventSourcePoller} for every enabled SQS event source of the template.
 * The queues must exist (provision them first); the runtime must be up.
 *
 * @example
 * const sources = await startSqsEventSources(model, runtime, sqs.url);
 * // … on shutdown, before runtime.close():
 * await sources.stop();
 */
export async function startSqsEventSources(
  model: TemplateModel,
  runtime: LambdaRuntime,
  sqsEndpoint: string,
  options: SqsEventSourcesOptions = {},
): Promise<SqsEventSources> {
  const sqs = new SQSClient(localClientConfig(sqsEndpoint));
  const pollers = model.sqsEventSources
    .filter((source) => source.enabled)
    .map(
      (source) =>
        new SqsEventSourcePoller({
          source,
          sqs,
          runtime,
          concurrency: eventSourceConcurrency(source, model),
          ...(options.longPollSeconds !== undefined ? { longPollSeconds: options.longPollSeconds } : {}),
          ...(options.now ? { now: options.now } : {}),
          ...(options.log ? { log: options.log } : {}),
        }),
    );
  try {
    await Promise.all(pollers.map((poller) => poller.start()));
  } catch (error) {
    await Promise.allSettled(pollers.map((poller) => poller.stop()));
    sqs.destroy();
    throw error;
  }
  return {
    pollers,
    stats: () => Object.fromEntries(pollers.map((poller) => [poller.name, { ...poller.stats }])),
    async stop() {
      await Promise.allSettled(pollers.map((poller) => poller.stop()));
      sqs.destroy();
    },
  };
}
