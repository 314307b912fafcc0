import { StartExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { AsyncInvoker } from '../../events/AsyncInvoker.js';
import { matchesEventPattern } from '../../events/eventPattern.js';
import { localClientConfig } from '../../stack/localClientConfig.js';
import { LOCAL_ACCOUNT_ID, type TemplateModel } from '../../template/model.js';
import type { S3Store, StoreChange } from '../store/S3Store.js';
import { s3EventBridgeEvent } from './eventBridgeEvent.js';
import { changedKey, eventMatches, keyMatches } from './matchNotification.js';
import { NotificationJournal, type Delivery, type NewDelivery } from './NotificationJournal.js';
import { s3EventRecord } from './s3EventRecord.js';

export interface S3NotificationsOptions {
  sqsEndpoint?: string;
  /** Where state machines that EventBridge rules target are started. */
  stepfunctionsEndpoint?: string;
  /** Where undelivered notifications are kept across restarts (`.local/s3/pending`); none: memory only. */
  journalDir?: string;
  region?: string;
  log?: (line: string) => void;
}

export interface S3Notifications {
  /** Waits for deliveries under way; those not settled stay in the journal for the next start. */
  close(): Promise<void>;
}

/**
 * Delivers a bucket's event notifications as S3 does, from its notification configuration (set by
 * the template or `PutBucketNotificationConfiguration`): functions are invoked asynchronously with
 * the `S3Event` (one record per event), with Lambda's retries and failure destinations; queues
 * receive `{"Records": […]}` as an SQS message; with EventBridge enabled, `Object Created` /
 * `Object Deleted` events go to the rules of the default bus whose pattern matches (functions invoked
 * asynchronously, state machines started). Each delivery is journalled before the request that
 * caused it is answered, and redelivered at the next start if it was not settled.
 */
export async function startS3Notifications(store: S3Store, model: TemplateModel, invoker: AsyncInvoker, options: S3NotificationsOptions = {}): Promise<S3Notifications> {
  const region = options.region ?? 'us-east-1';
  const log = options.log ?? (() => {});
  const sqs = options.sqsEndpoint ? new SQSClient(localClientConfig(options.sqsEndpoint)) : undefined;
  const sfn = options.stepfunctionsEndpoint ? new SFNClient({ ...localClientConfig(options.stepfunctionsEndpoint), disableHostPrefix: true }) : undefined;
  const journal = new NotificationJournal(options.journalDir);
  const sending = new Set<Promise<unknown>>();
  let closed = false;

  /** Delivers one notification; resolves true once it is settled. */
  const send = async (delivery: Delivery): Promise<boolean> => {
    const target = delivery.target;
    if (target.type === 'function') {
      const fn = model.functions.find((f) => f.logicalId === target.functionLogicalId);
      if (!fn) return true;
      return invoker.invokeUntilSettled(fn, delivery.event);
    }
    if (target.type === 'queue') {
      if (!sqs || !options.sqsEndpoint) return true;
      const name = target.queueArn.split(':').at(-1);
      await sqs.send(new SendMessageCommand({ QueueUrl: `${options.sqsEndpoint.replace(/\/$/, '')}/${LOCAL_ACCOUNT_ID}/${name}`, MessageBody: JSON.stringify(delivery.event) }));
      return true;
    }
    if (!sfn) return true;
    await sfn.send(new StartExecutionCommand({ stateMachineArn: target.arn, input: JSON.stringify(delivery.event) }));
    return true;
  };

  const dispatch = (delivery: Delivery) => {
    const work = send(delivery).then(
      (settled) => (settled ? journal.done(delivery.id) : undefined),
      (error: Error) => log(`[s3] notification to ${JSON.stringify(delivery.target)} failed: ${error.message} (kept for the next start)`),
    );
    sending.add(work);
    void work.finally(() => sending.delete(work));
  };

  /** The deliveries a change makes, from the bucket's configuration and the EventBridge rules. */
  const deliveriesOf = (change: StoreChange): NewDelivery[] => {
    const configuration = store.hasBucket(change.bucket) ? store.bucket(change.bucket).notification : undefined;
    if (!configuration) return [];
    const key = changedKey(change);
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const deliveries: NewDelivery[] = [];
    for (const [i, target] of (configuration.LambdaFunctionConfigurations ?? []).entries()) {
      if (!eventMatches(target.Events, change) || !keyMatches(target.Filter?.Key?.FilterRules, key)) continue;
      const fn = model.functions.find((f) => f.arn === target.LambdaFunctionArn || f.functionName === target.LambdaFunctionArn);
      if (!fn) {
        log(`[s3] ${change.bucket}: notification to ${target.LambdaFunctionArn ?? '?'}, which is not a function of this stack`);
        continue;
      }
      const event: S3Event = { Records: [s3EventRecord(change, target.Id ?? `notification-${i}`, region, requestId)] };
      deliveries.push({ target: { type: 'function', functionLogicalId: fn.logicalId }, event });
    }
    for (const [i, target] of (configuration.QueueConfigurations ?? []).entries()) {
      if (!eventMatches(target.Events, change) || !keyMatches(target.Filter?.Key?.FilterRules, key)) continue;
      if (!sqs) {
        log(`[s3] ${change.bucket}: notification to ${target.QueueArn ?? '?'} without an SQS`);
        continue;
      }
      deliveries.push({ target: { type: 'queue', queueArn: target.QueueArn ?? '' }, event: { Records: [s3EventRecord(change, target.Id ?? `notification-${i}`, region, requestId)] } });
    }
    if (configuration.EventBridgeConfiguration) {
      const event = s3EventBridgeEvent(change, region, requestId);
      for (const rule of model.eventRules ?? []) {
        if (!matchesEventPattern(rule.pattern, event as unknown as Record<string, unknown>)) continue;
        for (const target of rule.targets) {
          deliveries.push(target.type === 'function' ? { target: { type: 'function', functionLogicalId: target.functionLogicalId }, event } : { target: { type: 'stateMachine', arn: target.arn }, event });
        }
      }
    }
    return deliveries;
  };

  store.onChange(async (change) => {
    if (closed) return;
    for (const delivery of deliveriesOf(change)) dispatch(await journal.add(delivery));
  });
  const pending = await journal.pending();
  if (pending.length) log(`[s3] delivering ${pending.length} notification(s) left from the last run`);
  for (const delivery of pending) dispatch(delivery);

  return {
    async close() {
      closed = true;
      await Promise.allSettled([...sending]);
      sqs?.destroy();
      sfn?.destroy();
    },
  };
}
