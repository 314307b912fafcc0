import { StartExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { AsyncInvoker } from '../../events/AsyncInvoker.js';
import { matchesEventPattern } from '../../events/eventPattern.js';
import { localClientConfig } from '../../localClientConfig.js';
import { LOCAL_ACCOUNT_ID, type TemplateModel } from '../../template/model.js';
import type { S3Store, StoreChange } from '../store/S3Store.js';
import { changedKey, eventMatches, keyMatches } from './matchNotification.js';
import { s3EventBridgeEvent } from './eventBridgeEvent.js';
import { s3EventRecord } from './s3EventRecord.js';

export interface S3NotificationsOptions {
  sqsEndpoint?: string;
  /** Where state machines that EventBridge rules target are started. */
  stepfunctionsEndpoint?: string;
  region?: string;
  log?: (line: string) => void;
}

export interface S3Notifications {
  /** Waits for queue deliveries under way. */
  close(): Promise<void>;
}

/**
 * Delivers a bucket's event notifications as S3 does, from its notification configuration (set by
 * the template or `PutBucketNotificationConfiguration`): functions are invoked asynchronously with
 * the `S3Event` (one record per event), with Lambda's retries and failure destinations; queues
 * receive `{"Records": […]}` as an SQS message; with EventBridge enabled, `Object Created` /
 * `Object Deleted` events go to the rules of the default bus whose pattern matches (functions invoked
 * asynchronously, state machines started).
 */
export function startS3Notifications(store: S3Store, model: TemplateModel, invoker: AsyncInvoker, options: S3NotificationsOptions = {}): S3Notifications {
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? (() => {});
  const sqs = options.sqsEndpoint ? new SQSClient(localClientConfig(options.sqsEndpoint)) : undefined;
  const sfn = options.stepfunctionsEndpoint ? new SFNClient({ ...localClientConfig(options.stepfunctionsEndpoint), disableHostPrefix: true }) : undefined;
  const sending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    sending.add(work);
    void work.finally(() => sending.delete(work));
  };

  /** EventBridge: the event on the default bus, to every rule whose pattern matches it. */
  const publish = (change: StoreChange, requestId: string) => {
    const event = s3EventBridgeEvent(change, region, requestId);
    for (const rule of model.eventRules ?? []) {
      if (!matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
      for (const target of rule.targets) {
        if (target.type === 'function') {
          const fn = model.functions.find((f) => f.logicalId === target.functionLogicalId);
          if (fn) invoker.invoke(fn, event);
        } else if (sfn) {
          track(sfn.send(new StartExecutionCommand({ stateMachineArn: target.arn, input: JSON.stringify(event) })).catch((error: Error) => log(`[s3] rule ${rule.id}: StartExecution failed: ${error.message}`)));
        }
      }
    }
  };

  let closed = false;
  const deliver = (change: StoreChange) => {
    if (closed) return;
    const configuration = store.hasBucket(change.bucket) ? store.bucket(change.bucket).notification : undefined;
    if (!configuration) return;
    const key = changedKey(change);
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    if (configuration.EventBridgeConfiguration) publish(change, requestId);
    for (const [i, target] of (configuration.LambdaFunctionConfigurations ?? []).entries()) {
      if (!eventMatches(target.Events, change) || !keyMatches(target.Filter?.Key?.FilterRules, key)) continue;
      const fn = model.functions.find((f) => f.arn === target.LambdaFunctionArn || f.functionName === target.LambdaFunctionArn);
      if (!fn) {
        log(`[s3] ${change.bucket}: notification to ${target.LambdaFunctionArn ?? '?'}, which is not a function of this stack`);
        continue;
      }
      const event: S3Event = { Records: [s3EventRecord(change, target.Id ?? `notification-${i}`, region, requestId)] };
      invoker.invoke(fn, event);
    }
    for (const [i, target] of (configuration.QueueConfigurations ?? []).entries()) {
      if (!eventMatches(target.Events, change) || !keyMatches(target.Filter?.Key?.FilterRules, key)) continue;
      if (!sqs || !options.sqsEndpoint) {
        log(`[s3] ${change.bucket}: notification to ${target.QueueArn ?? '?'} without an SQS`);
        continue;
      }
      const name = (target.QueueArn ?? '').split(':').at(-1);
      const body = JSON.stringify({ Records: [s3EventRecord(change, target.Id ?? `notification-${i}`, region, requestId)] });
      const send = sqs
        .send(new SendMessageCommand({ QueueUrl: `${options.sqsEndpoint.replace(/\/$/, '')}/${LOCAL_ACCOUNT_ID}/${name}`, MessageBody: body }))
        .catch((error: Error) => log(`[s3] ${change.bucket}: notification to ${target.QueueArn ?? '?'} failed: ${error.message}`));
      track(send);
    }
  };

  store.onChange(deliver);
  return {
    async close() {
      closed = true;
      await Promise.allSettled([...sending]);
      sqs?.destroy();
      sfn?.destroy();
    },
  };
}
