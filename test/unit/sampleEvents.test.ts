/**
 * `events/`: one sample per function and event kind of `template.yaml`, each of the shape its kind
 * has and holding input its handler accepts.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSqsRecord } from '../../local/events/buildSqsEvent.js';
import { loadTemplate } from '../../local/template/index.js';
import type { RouteDef, TemplateModel } from '../../local/template/model.js';
import { callerUserId } from '../../src/auth/callerUserId.js';
import { parseChatRequest } from '../../src/chat/chatRequest.js';
import { combineResults } from '../../src/documents/combineResults.js';
import { parseDocumentRequest } from '../../src/documents/documentRequest.js';
import type { CombineInput, DocumentInput } from '../../src/documents/documentTypes.js';
import { extractDocumentText } from '../../src/documents/extractText.js';
import { parseUploadRequest } from '../../src/documents/uploads/createUploadHandler.js';
import { decodeEventKey, parseUploadKey } from '../../src/documents/uploads/uploadKey.js';
import { s3EventRecord } from '../../local/s3/notifications/s3EventRecord.js';
import { parseKnowledgeRequest } from '../../src/knowledge/knowledgeRequest.js';
import { parseSyncRequest } from '../../src/knowledge/sync/syncHandler.js';
import { CallbackUrlPolicy } from '../../src/tasks/callbackUrlPolicy.js';
import { SqsTaskQueue } from '../../src/tasks/sqsTaskQueue.js';
import { parseSubmitRequest } from '../../src/tasks/submitRequest.js';
import { parseTaskMessage } from '../../src/tasks/taskMessage.js';
import { buildGatewaySamples } from '../fixtures/sampleEventBuilder.js';
import {
  EVENTS_DIR,
  SAMPLE_EVENTS,
  decodedBody,
  readSampleEvent,
  requiredSamples,
  sampleFor,
  samplesOf,
} from '../fixtures/sampleEvents.js';

let model: TemplateModel;

beforeAll(async () => {
  model = await loadTemplate(new URL('../../template.yaml', import.meta.url).pathname);
});

/** The keys `sam local generate-event apigateway aws-proxy` writes. */
const AWS_PROXY_KEYS = [
  'body', 'resource', 'path', 'httpMethod', 'isBase64Encoded', 'queryStringParameters', 'multiValueQueryStringParameters',
  'pathParameters', 'stageVariables', 'headers', 'multiValueHeaders', 'requestContext',
];
const AWS_PROXY_CONTEXT_KEYS = ['accountId', 'resourceId', 'stage', 'requestId', 'requestTime', 'requestTimeEpoch', 'identity', 'path', 'resourcePath', 'httpMethod', 'apiId', 'protocol'];

/** Each POST route's body, checked by the parser its handler uses (throws on input the handler refuses). */
const BODY_PARSERS: Record<string, (body: string) => unknown> = {
  ChatFunction: parseChatRequest,
  StreamFunction: parseChatRequest,
  KnowledgeFunction: parseKnowledgeRequest,
  SubmitTaskFunction: (body) => parseSubmitRequest(body, { maxPromptBytes: 100_000, callbackPolicy: new CallbackUrlPolicy([]) }),
  StartDocumentFunction: (body) => parseDocumentRequest(body, 150_000),
  CreateUploadFunction: parseUploadRequest,
  KnowledgeSyncFunction: parseSyncRequest,
};

function routeOf(model: TemplateModel, functionId: string, event: APIGatewayProxyEvent): RouteDef | undefined {
  return model.routes.find((r) => r.functionLogicalId === functionId && r.method === event.httpMethod && r.path === event.resource);
}

describe('events/ covers the template', () => {
  it('lists every sample file in the table, and every table row has its file', async () => {
    const files = (await readdir(EVENTS_DIR)).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual(SAMPLE_EVENTS.map((s) => s.file).sort());
  });

  it('has at least one sample for every function of the template', () => {
    const missing = model.functions.map((f) => f.logicalId).filter((id) => !SAMPLE_EVENTS.some((s) => s.functionId === id));
    expect(missing).toEqual([]);
  });

  it('has a sample for every way the template invokes a function, and none for a way it does not', () => {
    const required = requiredSamples(model);
    const missing = required.filter((r) => !SAMPLE_EVENTS.some((s) => s.functionId === r.functionId && s.kind === r.kind));
    expect(missing).toEqual([]);
    const orphans = SAMPLE_EVENTS.filter((s) => !required.some((r) => r.functionId === s.functionId && r.kind === s.kind));
    expect(orphans).toEqual([]);
  });

  it('finds the state machines\' Lambda tasks, Parallel branches included', () => {
    const sfn = requiredSamples(model).filter((r) => r.kind === 'sfn').map((r) => `${r.source}:${r.functionId}`).sort();
    expect(sfn).toEqual([
      'DocumentPipelineStateMachine:ExtractTextFunction',
      'ParallelAnalysisStateMachine:CombineResultsFunction',
      'ParallelAnalysisStateMachine:ExtractTextFunction',
    ]);
  });
});

describe('the gateway-made samples are what the gateway builds for the template\'s routes', () => {
  // Prepare: each sample's request sent through the real gateway apps (inject), ids and times normalised.
  let built: Map<string, unknown>;
  beforeAll(async () => {
    built = (await buildGatewaySamples(model, SAMPLE_EVENTS)).byFile;
  });

  it.each(SAMPLE_EVENTS.filter((s) => ['api', 'authorizer-token', 'function-url'].includes(s.kind)))(
    '$file equals the built event (regenerate with `npx tsx test/fixtures/regenerateSampleEvents.ts`)',
    async (sample) => {
      // Act
      const file = await readSampleEvent(sample);
      // Assess: no field the gateway (and so AWS, for this route) would not send, none missing.
      expect(file).toEqual(built.get(sample.file));
    },
  );
});

describe.each(samplesOf('api'))('REST proxy sample $file', (sample) => {
  it('has the aws-proxy keys and names a route of its function', async () => {
    const event = await readSampleEvent(sample);
    expect(Object.keys(event).sort()).toEqual([...AWS_PROXY_KEYS].sort());
    expect(Object.keys(event.requestContext)).toEqual(expect.arrayContaining(AWS_PROXY_CONTEXT_KEYS));
    const route = routeOf(model, sample.functionId, event);
    expect(route, `${event.httpMethod} ${event.resource}`).toBeDefined();
    expect(event.requestContext.resourcePath).toBe(event.resource);
    expect(event.requestContext.httpMethod).toBe(event.httpMethod);
    expect(event.requestContext.path).toBe(`/${event.requestContext.stage}${event.path}`);
  });

  it('fills the resource\'s path parameters into its path', async () => {
    const event = await readSampleEvent(sample);
    const names = [...event.resource.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const name of names) expect(event.pathParameters?.[name], name).toMatch(/\S/);
    const expanded = event.resource.replace(/\{(\w+)\}/g, (_, name: string) => event.pathParameters?.[name] ?? '');
    expect(event.path).toBe(expanded);
  });

  it('carries the authorizer context the TOKEN authorizer sets', async () => {
    const event = await readSampleEvent(sample);
    const authorizer = event.requestContext.authorizer as Record<string, unknown>;
    expect(authorizer.principalId).toBe(authorizer.userId);
    expect(callerUserId(event)).toBe('dev-user');
  });

  it('holds a body its handler accepts (POST) or none (GET)', async () => {
    const event = await readSampleEvent(sample);
    const body = decodedBody(event);
    if (event.httpMethod === 'GET') {
      expect(body).toBeNull();
      return;
    }
    const parse = BODY_PARSERS[sample.functionId];
    expect(parse, `a body parser for ${sample.functionId}`).toBeDefined();
    expect(() => parse(body ?? '')).not.toThrow();
  });
});

describe('TOKEN authorizer sample', () => {
  it('is a TOKEN event whose methodArn names a route the authorizer guards', async () => {
    const [sample] = samplesOf('authorizer-token');
    const event = await readSampleEvent(sample);
    expect(Object.keys(event).sort()).toEqual(['authorizationToken', 'methodArn', 'type']);
    expect(event.type).toBe('TOKEN');
    expect(event.authorizationToken).toMatch(/\S/);
    const match = /^arn:aws:execute-api:[a-z0-9-]+:\d{12}:[^/]+\/([^/]+)\/([A-Z]+)(\/.*)$/.exec(event.methodArn);
    expect(match, event.methodArn).not.toBeNull();
    const [, stage, method, path] = match!;
    const api = model.apis.find((a) => a.authorizers.some((auth) => auth.functionLogicalId === 'AuthorizerFunction'));
    expect(stage).toBe(api?.stage);
    expect(model.routes.some((r) => r.apiLogicalId === api?.logicalId && r.method === method && r.path === path && r.authorizer)).toBe(true);
  });
});

describe('SQS sample', () => {
  it('holds exactly the message SubmitTaskFunction sends, as the event source mapping builds records', async () => {
    const [sample] = samplesOf('sqs');
    const event = await readSampleEvent(sample);
    expect(event.Records.length).toBeGreaterThan(0);
    for (const record of event.Records) {
      const message = parseTaskMessage(record.body, { maxPromptBytes: 100_000, callbackPolicy: new CallbackUrlPolicy([]) });
      expect(Object.keys(message).every((k) => ['task_id', 'prompt', 'callback_url'].includes(k))).toBe(true);

      // What SqsTaskQueue.send puts on the queue for this task (an SDK client that only records the command).
      const sent: SendMessageCommand['input'][] = [];
      const client = { send: async (command: SendMessageCommand) => (sent.push(command.input), {}) } as unknown as SQSClient;
      await new SqsTaskQueue(client, 'http://127.0.0.1:9324/000000000000/TaskQueue').send(message);
      expect(record.body).toBe(sent[0].MessageBody);

      const rebuilt = buildSqsRecord(
        {
          MessageId: record.messageId,
          ReceiptHandle: record.receiptHandle,
          Body: sent[0].MessageBody,
          MD5OfBody: createHash('md5').update(sent[0].MessageBody ?? '').digest('hex'),
          Attributes: { ...record.attributes },
          MessageAttributes: sent[0].MessageAttributes,
          MD5OfMessageAttributes: record.md5OfMessageAttributes,
        },
        { queueArn: record.eventSourceARN, region: record.awsRegion },
      );
      expect(record).toEqual(rebuilt);
      expect(record.eventSourceARN).toMatch(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/);
    }
  });
});

describe('Step Functions task samples', () => {
  it('extract-text-sfn.json is a document input ExtractTextFunction reads', async () => {
    const input = (await readSampleEvent(sampleFor('ExtractTextFunction'))) as DocumentInput;
    expect(Object.keys(input).sort()).toEqual(['content_type', 'document_id', 'owner', 'pipeline', 'text']);
    const extracted = await extractDocumentText(input, { maxCharacters: 50_000, maxBytes: 200_000, maxPdfPages: 100 });
    expect(extracted.characters).toBeGreaterThan(0);
  });

  it('combine-results-sfn.json is what the Parallel state hands CombineResultsFunction, for the same document', async () => {
    const input = (await readSampleEvent(sampleFor('CombineResultsFunction'))) as CombineInput;
    const document = (await readSampleEvent(sampleFor('ExtractTextFunction'))) as DocumentInput;
    expect(Object.keys(input).sort()).toEqual(['characters', 'document_id', 'keywords', 'sentiment']);
    expect(input.document_id).toBe(document.document_id);
    expect(input.characters).toBe((await extractDocumentText(document, { maxCharacters: 50_000, maxBytes: 200_000, maxPdfPages: 100 })).characters);
    const combined = combineResults(input);
    expect(combined.sentiment.label).not.toBe('unknown');
    expect(combined.keywords.length).toBeGreaterThan(0);
  });
});

describe('S3 sample', () => {
  it('holds the record the local S3 sends for an uploaded document, whose key DocumentUploadedFunction reads', async () => {
    const [sample] = samplesOf('s3');
    const event = await readSampleEvent(sample);
    const [record] = event.Records;
    const key = decodeEventKey(record.s3.object.key);
    expect(parseUploadKey(key)).toBeDefined();
    const bucket = model.buckets?.find((b) => b.notifications.some((n) => n.target.type === 'function' && n.target.functionLogicalId === sample.functionId));
    expect(record.s3.bucket.name).toBe(bucket?.bucketName);
    const rebuilt = s3EventRecord(
      {
        kind: 'ObjectCreated',
        how: 'Put',
        bucket: record.s3.bucket.name,
        object: { key, blob: '', size: record.s3.object.size, etag: `"${record.s3.object.eTag}"`, lastModified: record.eventTime, metadata: {}, sequence: Number.parseInt(record.s3.object.sequencer, 16) },
      },
      record.s3.configurationId,
      record.awsRegion,
      record.responseElements['x-amz-request-id'],
    );
    expect({ ...record, eventTime: '' }).toEqual({ ...rebuilt, eventTime: '' });
  });
});
