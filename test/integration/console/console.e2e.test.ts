/**
 * The console end to end, in Chromium (playwright-core driving Debian's package), against a running
 * stack: live invocations and model calls without reloading, the cost meter, a poison message
 * redriven from the Queues page, a failed execution's failing state in red. Every page is
 * photographed: into docs/console/ (the README's pictures) with `npm run screenshots`, else into
 * test-results/console/pages/, so a test run leaves the working tree clean; a failing test leaves a
 * screenshot in test-results/console/ (CI prints the folder).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BedrockAgentClient, GetIngestionJobCommand, StartIngestionJobCommand } from '@aws-sdk/client-bedrock-agent';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClientConfig } from '../../../local/stack/localClientConfig.js';
import { startStack, type RunningStack } from '../../../local/stack.js';
import { CHROMIUM_PATH, chromiumMissing } from './chromium.js';

const SCREENSHOTS = path.resolve(process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/console' : 'test-results/console/pages');
const FAILURES = path.resolve('test-results/console');
const missing = chromiumMissing();

describe.skipIf(missing)('the console in Chromium', () => {
  let stack: RunningStack;
  let browser: Browser;
  let page: Page;

  const api = async (route: string, body: unknown) => {
    const e = stack.endpoints;
    const answer = await fetch(`${e.api}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': e.apiKey!, authorization: `Bearer ${e.token}` }, body: JSON.stringify(body) });
    expect(answer.status).toBeLessThan(300);
    return answer.json() as Promise<Record<string, unknown>>;
  };
  /** Goes to a page of the console by its link (the app changes the hash: no reload). */
  const open = async (name: string) => {
    await page.click(`#nav a[data-page="${name}"]`);
    await page.waitForSelector(`#page[data-page="${name}"]`);
  };
  const photograph = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    stack = await startStack({ ephemeral: true, ports: 'random', writeEndpointsFile: false, log: () => undefined });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(stack.endpoints.console!);
    await page.waitForSelector('#live.live');
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail' || !page) return;
    await mkdir(FAILURES, { recursive: true });
    await page.screenshot({ path: path.join(FAILURES, `${context.task.name.replace(/\W+/g, '-')}.png`), fullPage: true });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('shows the overview with every local service up', async () => {
    await page.waitForSelector('[data-testid="health"]');
    expect(await page.locator('[data-testid="health"].down').count()).toBe(0);
    await photograph('overview');
  });

  it("shows the template's knowledge base on the overview, with its data source's last sync", async () => {
    const kbRow = page.locator('[data-testid="kb-row"]', { hasText: 'knowledge/' });
    expect(await kbRow.locator('[data-testid="kb-sync"]').textContent()).toMatch(/never synced/);

    const definition = stack.model.knowledgeBases![0];
    const agent = new BedrockAgentClient(localClientConfig(stack.endpoints.bedrock!));
    const { ingestionJob } = await agent.send(new StartIngestionJobCommand({ knowledgeBaseId: definition.knowledgeBaseId, dataSourceId: definition.dataSources[0].dataSourceId }));
    await vi.waitFor(async () => {
      const { ingestionJob: job } = await agent.send(new GetIngestionJobCommand({ knowledgeBaseId: definition.knowledgeBaseId, dataSourceId: definition.dataSources[0].dataSourceId, ingestionJobId: ingestionJob!.ingestionJobId }));
      expect(job?.status).toBe('COMPLETE');
    }, { timeout: 30_000, interval: 200 });

    await open('queues');
    await open('overview');
    await kbRow.locator('[data-testid="kb-sync"]', { hasText: 'COMPLETE' }).waitFor();
  });

  it('shows a chat request on Invocations and Model calls, and the cost meter moves, without reloading', async () => {
    await open('cost');
    const before = await page.textContent('[data-testid="cost-total"]');
    await api('/chat', { message: 'What does the console show?' });

    await page.locator('[data-testid="cost-total"]', { hasNotText: before ?? '' }).waitFor();
    expect(await page.textContent('[data-testid="projection-sentence"]')).toMatch(/At 1000 requests a day this is \$[\d.]+ a month/);
    await photograph('cost');

    await open('invocations');
    const row = page.locator('[data-testid="invocation-row"][data-function="ChatFunction"]').first();
    await row.waitFor();
    await row.click();
    // The detail (event, result, logs) is fetched when the row is opened.
    await page.locator('[data-testid="invocation-detail"]', { hasText: 'What does the console show?' }).waitFor();
    const detail = await page.textContent('[data-testid="invocation-detail"]');
    expect(detail).not.toContain(stack.endpoints.apiKey!);
    expect(detail).not.toContain(stack.endpoints.token!);
    await photograph('invocations');
    // "Invoke again" runs the function with the original (unmasked) event: a new row, made from the console.
    await page.click('button:has-text("Invoke again (same event)")');
    await page.locator('[data-testid="invocation-row"][data-function="ChatFunction"][data-status="ok"]', { hasText: 'console again' }).waitFor();

    await open('models');
    const call = page.locator('[data-testid="model-call-row"]').first();
    await call.waitFor();
    expect(await call.textContent()).toContain('ChatFunction');
    await call.click();
    await page.locator('[data-testid="model-call-detail"]', { hasText: 'What does the console show?' }).waitFor();
    await photograph('models');
    // The page was never reloaded: the same document has been showing the feed since the start.
    expect(await page.evaluate('performance.getEntriesByType("navigation").length')).toBe(1);
  });

  it('replays a streamed answer at its recorded pace', async () => {
    const streamed = await fetch(`${stack.endpoints.api}/chat/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.endpoints.token}` },
      body: JSON.stringify({ message: 'Stream the console answer' }),
    });
    expect(streamed.status).toBe(200);
    const text = await streamed.text();
    await open('models');
    const row = page.locator('[data-testid="model-call-row"]', { hasText: 'ConverseStream' }).first();
    await row.waitFor();
    await row.click();
    // The fake recorded when each piece of the answer left: the replay follows that record.
    await page.locator('button', { hasText: /Replay at its pace \(.*\d+ pieces as recorded\)/ }).waitFor();
    await page.click('button:has-text("Replay at its pace")');
    // The replay ends with the whole answer the client received.
    const firstWords = /"text":"([^"]{1,20})/.exec(text)?.[1] ?? 'You asked';
    await page.locator('[data-testid="replay"]', { hasText: 'Stream the console answer' }).waitFor();
    expect(await page.textContent('[data-testid="replay"]')).toContain(firstWords.trim());
  });

  it('redrives a poison message from the Queues page', async () => {
    const sqs = new SQSClient(localClientConfig(stack.endpoints.sqs!));
    const dlq = stack.model.queues.find((queue) => queue.logicalId === 'TaskDeadLetterQueue')!;
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlq.queueName }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"poison":true}' }));
    // A queue nobody consumes: its oldest message's age is shown without receiving it.
    const failures = stack.model.queues.find((queue) => queue.logicalId === 'DocumentUploadFailuresQueue')!;
    const { QueueUrl: failuresUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: failures.queueName }));
    await sqs.send(new SendMessageCommand({ QueueUrl: failuresUrl, MessageBody: '{"failed":true}' }));
    sqs.destroy();

    await open('queues');
    const dlqRow = page.locator(`[data-queue="${dlq.queueName}"]`);
    await dlqRow.locator('[data-testid="visible"]', { hasText: /^1$/ }).waitFor();
    const failuresRow = page.locator(`[data-queue="${failures.queueName}"]`);
    await failuresRow.locator('[data-testid="oldest"]', { hasText: /^\d+ s$/ }).waitFor();
    expect(await failuresRow.locator('[data-testid="visible"]').textContent()).toBe('1');
    await photograph('queues');
    await dlqRow.locator('[data-testid="redrive"]').click();
    await page.locator('[data-testid="queue-note"]', { hasText: `Moved 1 message(s) from ${dlq.queueName}` }).waitFor();
    await dlqRow.locator('[data-testid="visible"]', { hasText: /^0$/ }).waitFor();
    // The embedded SQS put the changes on the feed (that is what refreshed the page).
    expect(stack.feed!.since().some((entry) => entry.type === 'queue' && (entry.data as { queueName: string }).queueName === dlq.queueName)).toBe(true);
  });

  it('draws a failed execution with its failing state in red', { timeout: 90_000 }, async () => {
    await api('/documents', { content_base64: Buffer.from('%PDF-1.4 this is not a pdf').toString('base64'), content_type: 'application/pdf' });
    await open('executions');
    const failed = page.locator('[data-testid="execution-row"][data-status="FAILED"]').first();
    await failed.waitFor({ timeout: 60_000 });
    await failed.click();
    const failing = page.locator('[data-testid="state-graph"] g.node[data-status="failed"]').first();
    await failing.waitFor();
    const strokeOf = (element: unknown) => (globalThis as unknown as { getComputedStyle(e: unknown): { stroke: string } }).getComputedStyle(element).stroke;
    expect(await failing.locator('rect').evaluate(strokeOf)).toBe('rgb(207, 34, 46)');
    await failing.click();
    await page.locator('[data-testid="state-detail"] .status-error', { hasText: 'UnreadableDocumentError' }).waitFor();
    // The task whose error the Catch sent to the Fail state: caught, with its error.
    await page.click('[data-testid="state-graph"] g.node[data-state="ExtractText"]');
    await page.locator('[data-testid="state-graph"] g.node[data-state="ExtractText"][data-status="caught"]').waitFor();
    await page.locator('[data-testid="state-detail"]', { hasText: 'caught UnreadableDocumentError' }).waitFor();
    await photograph('executions');
    const executionEvents = stack.feed!.since().filter((entry) => entry.type === 'execution').map((entry) => (entry.data as { status: string }).status);
    expect(executionEvents).toEqual(expect.arrayContaining(['RUNNING', 'FAILED']));
    // The task's invocation says a state machine made it.
    const extract = stack.feed!.since().find((entry) => entry.type === 'invocation' && JSON.parse(stack.feed!.json(entry)).data.functionId === 'ExtractTextFunction');
    expect(JSON.parse(stack.feed!.json(extract!)).data.trigger).toEqual({ kind: 'stateMachine' });
  });

  it('browses a table', async () => {
    await open('tables');
    await page.waitForSelector('[data-testid="table-items"] pre');
    await photograph('tables');
  });
});
