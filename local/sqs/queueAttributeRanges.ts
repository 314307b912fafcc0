/**
 * The numeric queue attributes and the ranges AWS accepts, from the SQS API reference
 * (`SetQueueAttributes`, `CreateQueue`; read 2026-12-07). A value outside answers
 * `InvalidAttributeValue` ("Invalid value for the parameter X."), the error the SDK models for it.
 */
import { SqsError } from './errors.js';

export const QUEUE_ATTRIBUTE_RANGES: Record<string, { min: number; max: number }> = {
  DelaySeconds: { min: 0, max: 900 },
  /** 1 KiB to 1 MiB: AWS raised SQS's payload limit from 256 KiB to 1 MiB, existing queues included (AWS Compute Blog, "More room to build: serverless services now support payloads up to 1 MB", 2026-01-29; read 2026-12-07). */
  MaximumMessageSize: { min: 1024, max: 1_048_576 },
  MessageRetentionPeriod: { min: 60, max: 1_209_600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20 },
  VisibilityTimeout: { min: 0, max: 43_200 },
  KmsDataKeyReusePeriodSeconds: { min: 60, max: 86_400 },
};

/** Throws `InvalidAttributeValue` for the first numeric attribute out of its range or not an integer. */
export function checkQueueAttributeRanges(attributes: unknown): void {
  if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) return;
  for (const [name, value] of Object.entries(attributes as Record<string, unknown>)) {
    const range = Object.hasOwn(QUEUE_ATTRIBUTE_RANGES, name) ? QUEUE_ATTRIBUTE_RANGES[name] : undefined;
    if (!range || typeof value !== 'string') continue;
    const number = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!Number.isInteger(number) || number < range.min || number > range.max) {
      throw new SqsError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
  }
}
