/**
 * No 5xx for a client's mistake: random and malformed requests shaped by the service models, sent
 * over real HTTP to every operation the embedded SQS and the Step Functions API serve (and to
 * operations they do not), must answer below 500 — an error in AWS's JSON shape when refused —
 * within a bound per request, and leave the server serving. Run counts are bounded for CI; set
 * FUZZ_RUNS to run more, FUZZ_SEED to replay a failure fast-check printed.
 */
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsServer, type SqsServer } from '../../../local/sqs/index.js';
import { OPERATIONS as SFN_OPERATIONS } from '../../../local/stepfunctions/api/operations.js';
import { startStepFunctionsServer, type RunningStepFunctions } from '../../../local/stepfunctions/index.js';
import { loadServiceModel } from '../../../local/validation/index.js';
import { requestBody } from './modelArbitraries.js';

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const REQUEST_BOUND_MS = 10_000;
const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };

interface Answer {
  status: number;
  body: string;
}

async function post(url: string, target: string, body: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
    signal: AbortSignal.timeout(REQUEST_BOUND_MS),
  });
  return { status: response.status, body: await response.text() };
}

/** Below 500; a refusal carries AWS's JSON error shape (`__type` and a message). */
function expectClientAnswer(answer: Answer, context: string): void {
  expect(answer.status, `${context} → ${answer.status} ${answer.body.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status < 400) return;
  const parsed = JSON.parse(answer.body) as { __type?: unknown; message?: unknown; Message?: unknown };
  expect(typeof parsed.__type, `${context}: ${answer.body.slice(0, 300)}`).toBe('string');
  expect(typeof (parsed.message ?? parsed.Message), `${context}: ${answer.body.slice(0, 300)}`).toBe('string');
}

async function fuzzOperations(url: string, prefix: string, model: ReturnType<typeof loadServiceModel>, operations: string[], overrides: (operation: string) => Record<string, fc.Arbitrary<unknown>>): Promise<number> {
  let requests = 0;
  for (const operation of operations) {
    await fc.assert(
      fc.asyncProperty(requestBody(model, operation, overrides(operation)), async (body) => {
        requests += 1;
        expectClientAnswer(await post(url, `${prefix}.${operation}`, body), `${operation} ${body.slice(0, 200)}`);
      }),
      { numRuns: RUNS_PER_OPERATION, seed: SEED },
    );
  }
  return requests;
}

describe('no 5xx for a client mistake (fuzz)', () => {
  let sqsServer: SqsServer;
  let sfnServer: RunningStepFunctions;

  beforeAll(async () => {
    [sqsServer, sfnServer] = await Promise.all([startSqsServer({ port: 0 }), startStepFunctionsServer({ port: 0 })]);
  });

  afterAll(async () => {
    await Promise.all([sqsServer.close(), sfnServer.close()]);
  });

  it('SQS: every operation of the sqs model, and the server still serves', async () => {
    // Prepare
    const model = loadServiceModel('sqs');
    const sqs = new SQSClient({ endpoint: sqsServer.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'fuzz' }));
    const queueUrl = fc.oneof(fc.constant(QueueUrl), fc.string({ maxLength: 10 }));
    // Act
    const requests = await fuzzOperations(sqsServer.url, 'AmazonSQS', model, [...Object.keys(model.operations), 'NoSuchOperation'], (operation) => ({
      QueueUrl: queueUrl,
      // Long polls are bounded by AWS at 20 s; keep them short here (the answer, not the wait, is under test).
      ...(operation === 'ReceiveMessage' ? { WaitTimeSeconds: fc.constantFrom(0, 21, -1) } : {}),
    }));
    const after = await sqs.send(new CreateQueueCommand({ QueueName: 'after-fuzz' }));
    // Assess
    console.log(`SQS fuzz: ${requests} requests over ${Object.keys(model.operations).length + 1} operations`);
    expect(after.QueueUrl).toEqual(expect.any(String));
    sqs.destroy();
  });

  it('SQS Query protocol: every operation with random form parameters', async () => {
    // Prepare
    const model = loadServiceModel('sqs');
    const operations = [...Object.keys(model.operations), 'NoSuchOperation'];
    const parameter = fc.tuple(
      fc.oneof(fc.constantFrom('QueueUrl', 'QueueName', 'MessageBody', 'Attribute.1.Name', 'Attribute.1.Value', 'MaxNumberOfMessages', 'SendMessageBatchRequestEntry.1.Id', 'ReceiptHandle'), fc.string({ maxLength: 8 })),
      fc.oneof(fc.string({ maxLength: 20 }), fc.constant(`${sqsServer.url}/000000000000/fuzz`), fc.integer().map(String)),
    );
    let requests = 0;
    // Act
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), fc.array(parameter, { maxLength: 6 }), async (action, parameters) => {
        requests += 1;
        const form = new URLSearchParams([['Action', action], ['Version', '2012-11-05'], ...parameters.filter(([name]) => name !== 'WaitTimeSeconds')]);
        const response = await fetch(sqsServer.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal: AbortSignal.timeout(REQUEST_BOUND_MS) });
        const text = await response.text();
        // Assess (each answer)
        expect(response.status, `${form.toString().slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
        if (response.status >= 400) expect(text).toContain('<ErrorResponse');
      }),
      { numRuns: RUNS_PER_OPERATION * 10, seed: SEED },
    );
    // Assess
    console.log(`SQS Query fuzz: ${requests} requests over ${operations.length} operations`);
    const after = await fetch(sqsServer.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListQueues&Version=2012-11-05' });
    expect(after.status).toBe(200);
  });

  it('Step Functions: every operation the API serves, others unknown, and the server still serves', async () => {
    // Prepare
    const model = loadServiceModel('stepfunctions');
    const sfn = new SFNClient({ endpoint: sfnServer.url, region: 'us-east-1', credentials, disableHostPrefix: true, maxAttempts: 1 });
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const roleArn = 'arn:aws:iam::000000000000:role/local';
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Fuzz', definition, roleArn }));
    const express = await sfn.send(new CreateStateMachineCommand({ name: 'FuzzExpress', definition, roleArn, type: 'EXPRESS' }));
    const served = Object.keys(SFN_OPERATIONS);
    const unserved = Object.keys(model.operations).filter((name) => !served.includes(name)).slice(0, 5);
    // Act
    const requests = await fuzzOperations(sfnServer.url, 'AWSStepFunctions', model, [...served, ...unserved], () => ({
      stateMachineArn: fc.oneof(fc.constant(stateMachineArn), fc.constant(express.stateMachineArn), fc.string({ maxLength: 10 })),
      definition: fc.oneof(fc.constant(definition), fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value))),
      roleArn: fc.oneof(fc.constant(roleArn), fc.string({ maxLength: 10 })),
    }));
    const after = await sfn.send(new ListStateMachinesCommand({}));
    // Assess
    console.log(`Step Functions fuzz: ${requests} requests over ${served.length + unserved.length} operations`);
    expect(after.stateMachines).toEqual(expect.any(Array));
    sfn.destroy();
  });
});
