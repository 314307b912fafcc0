import type { CORSRule, FilterRule, NotificationConfiguration } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import { bodyBuffer, requireBucket, type S3Reply, type S3Request } from '../server/S3Request.js';
import { many, parseRequestXml, text, xmlDocument, type XmlChildren } from '../xml.js';

const strings = (value: unknown) => many<unknown>(value).map(text).filter((v): v is string => v !== undefined);

export async function putBucketCors(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  request.store.bucket(bucket);
  const document = parseRequestXml(await bodyBuffer(request), 'CORSConfiguration');
  const rules: CORSRule[] = many(document.CORSRule).map((rule) => ({
    ID: text(rule.ID),
    AllowedMethods: strings(rule.AllowedMethod),
    AllowedOrigins: strings(rule.AllowedOrigin),
    AllowedHeaders: strings(rule.AllowedHeader),
    ExposeHeaders: strings(rule.ExposeHeader),
    MaxAgeSeconds: rule.MaxAgeSeconds === undefined ? undefined : Number(text(rule.MaxAgeSeconds)),
  }));
  if (!rules.length || rules.length > 100 || rules.some((r) => !r.AllowedMethods!.length || !r.AllowedOrigins!.length)) throw new S3Error('MalformedXML');
  for (const method of rules.flatMap((r) => r.AllowedMethods!)) {
    if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(method)) throw new S3Error('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
  }
  await request.store.updateBucket(bucket, { cors: rules });
  return { status: 200 };
}

export function getBucketCors(request: S3Request): S3Reply {
  const bucket = request.store.bucket(requireBucket(request));
  if (!bucket.cors?.length) throw new S3Error('NoSuchCORSConfiguration', undefined, { BucketName: bucket.name });
  return {
    status: 200,
    body: xmlDocument('CORSConfiguration', {
      CORSRule: bucket.cors.map((r) => ({ ID: r.ID, AllowedHeader: r.AllowedHeaders, AllowedMethod: r.AllowedMethods, AllowedOrigin: r.AllowedOrigins, ExposeHeader: r.ExposeHeaders, MaxAgeSeconds: r.MaxAgeSeconds })),
    }),
  };
}

export async function deleteBucketCors(request: S3Request): Promise<S3Reply> {
  await request.store.updateBucket(requireBucket(request), { cors: undefined });
  return { status: 204 };
}

function filterRules(filter: unknown): { Key: { FilterRules: FilterRule[] } } | undefined {
  const key = (filter as { S3Key?: { FilterRule?: unknown } } | undefined)?.S3Key;
  if (!key) return undefined;
  return { Key: { FilterRules: many(key.FilterRule).map((r) => ({ Name: text(r.Name) as FilterRule['Name'], Value: text(r.Value) })) } };
}

export async function putBucketNotification(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  request.store.bucket(bucket);
  const document = parseRequestXml(await bodyBuffer(request), 'NotificationConfiguration');
  const events = (entry: Record<string, unknown>) => strings(entry.Event) as NonNullable<NotificationConfiguration['QueueConfigurations']>[number]['Events'];
  const configuration: NotificationConfiguration = {
    LambdaFunctionConfigurations: many(document.CloudFunctionConfiguration).map((c) => ({ Id: text(c.Id), LambdaFunctionArn: text(c.CloudFunction), Events: events(c), Filter: filterRules(c.Filter) })),
    QueueConfigurations: many(document.QueueConfiguration).map((c) => ({ Id: text(c.Id), QueueArn: text(c.Queue), Events: events(c), Filter: filterRules(c.Filter) })),
    TopicConfigurations: many(document.TopicConfiguration).map((c) => ({ Id: text(c.Id), TopicArn: text(c.Topic), Events: events(c), Filter: filterRules(c.Filter) })),
    EventBridgeConfiguration: document.EventBridgeConfiguration !== undefined ? {} : undefined,
  };
  await request.store.updateBucket(bucket, { notification: configuration });
  return { status: 200 };
}

export function getBucketNotification(request: S3Request): S3Reply {
  const bucket = request.store.bucket(requireBucket(request));
  const n = bucket.notification ?? {};
  const filter = (f: { Key?: { FilterRules?: FilterRule[] } } | undefined): XmlChildren | undefined =>
    f?.Key ? { S3Key: { FilterRule: (f.Key.FilterRules ?? []).map((r) => ({ Name: r.Name, Value: r.Value })) } } : undefined;
  return {
    status: 200,
    body: xmlDocument('NotificationConfiguration', {
      TopicConfiguration: (n.TopicConfigurations ?? []).map((c) => ({ Id: c.Id, Topic: c.TopicArn, Event: c.Events as string[], Filter: filter(c.Filter) })),
      QueueConfiguration: (n.QueueConfigurations ?? []).map((c) => ({ Id: c.Id, Queue: c.QueueArn, Event: c.Events as string[], Filter: filter(c.Filter) })),
      CloudFunctionConfiguration: (n.LambdaFunctionConfigurations ?? []).map((c) => ({ Id: c.Id, CloudFunction: c.LambdaFunctionArn, Event: c.Events as string[], Filter: filter(c.Filter) })),
      EventBridgeConfiguration: n.EventBridgeConfiguration ? {} : undefined,
    }),
  };
}

export async function putBucketVersioning(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  request.store.bucket(bucket);
  const status = text(parseRequestXml(await bodyBuffer(request), 'VersioningConfiguration').Status);
  if (status !== 'Enabled' && status !== 'Suspended') throw new S3Error('MalformedXML');
  await request.store.updateBucket(bucket, { versioning: status });
  return { status: 200 };
}

export function getBucketVersioning(request: S3Request): S3Reply {
  const bucket = request.store.bucket(requireBucket(request));
  return { status: 200, body: xmlDocument('VersioningConfiguration', { Status: bucket.versioning }) };
}
