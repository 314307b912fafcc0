import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ISqsServerOptions } from 'local-aws-sqs';
import { StackClock } from '../clock/StackClock.js';
import { loadClockedLocalAwsSqs } from './clockedLocalAwsSqs.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../template/model.js';
import type { LocalSqsService } from './localAwsSqsInternals.js';
import { QueueInstrumentation, type RequestScope } from './QueueInstrumentation.js';
import { liveQueues, readSnapshot, SQS_DAMAGED_REMEDY, restoreMessages, snapshotMessage, snapshotQueue, takeSnapshot, writeSnapshot, type SqsSnapshot } from './SqsMessageSnapshot.js';
import { readJournal, replayJournal, SqsJournal, type JournalSource } from './SqsJournal.js';
import { MAX_SQS_REQUEST_BYTES, refuseMalformedRequest, sendRequestTooLarge, sendUnparsableRequest } from './sqsRequestGuard.js';
import { correctErrorStatus } from './errorStatus.js';
import { SqsError, sendSqsError } from './errors.js';
import { readJsonRequest, replayOf, targetOperation } from './jsonRequestReplay.js';
import { checkSqsJsonRequest } from './sqsJsonRequestCheck.js';
import { listenOn } from '../listenOn.js';
import { StateFileError } from '../stateFile.js';

export interface SqsServerOptions {
  /** Default 9324 (ElasticMQ's port); 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Directory for `messages.json` (the snapshot) and `journal.ndjson` (every change since, synced
   * before the request that made it is answered): queues and messages survive a restart or a crash.
   * Undefined keeps everything in memory.
   */
  dataDir?: string;
  /** The stack's clock: visibility timeouts, delays, retention and long polls run on it (default: real time). */
  clock?: StackClock;
  log?: (line: string) => void;
  /** Told the name of a queue whose messages changed (stored, received, moved, removed): the console's feed. */
  onQueueChange?: (queueName: string) => void;
}

export interface SqsServer {
  /** `http://host:port`; queue URLs use the same host and port. */
  url: string;
  port: number;
  /** Messages restored from the data directory at start. */
  restoredMessages: number;
  /**
   * Seconds since the oldest message still in the queue was sent, on the stack clock (CloudWatch's
   * `ApproximateAgeOfOldestMessage`; SQS has no attribute for it); undefined for an empty queue.
   */
  oldestMessageAgeSeconds(queueName: string): number | undefined;
  /** Writes the snapshot now and empties the journal (no-op in memory mode). */
  save(): void;
  /** Ends long polls, saves, and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the embedded SQS: `local-aws-sqs` (JSON and Query protocols) behind the kit's
 * {@link QueueInstrumentation} (SQS-like long polling, receive counts) and, with a `dataDir`,
 * durable queues: every acknowledged change (send, delete, receive, visibility change, queue
 * changes) is in the {@link SqsJournal} before its answer, so `kill -9` loses nothing that was
 * answered; a message in flight stays invisible after a restart until its visibility timeout ends.
 *
 * Timers (visibility, delays, retention, long polls) run on `options.clock`, the stack clock: an
 * advance ends them (docs/time.md).
 *
 * Known limits: FIFO message groups are not locked while in flight (the package's behaviour);
 * retention timers restart at restart; after a restart the clock is real time again, and in-flight
 * messages keep their remaining visibility timeout measured in real time.
 *
 * @example
 * const sqs = await startSqsServer({ port: 0, dataDir: '.local/sqs' });
 * // AWS_ENDPOINT_URL_SQS=sqs.url
 * await sqs.close();
 */
export async function startSqsServer(options: SqsServerOptions = {}): Promise<SqsServer> {
  const host = options.host ?? '127.0.0.1';
  const snapshotPath = options.dataDir ? join(options.dataDir, 'messages.json') : undefined;
  const journalPath = options.dataDir ? join(options.dataDir, 'journal.ndjson') : undefined;
  const snapshot = savedState(snapshotPath, journalPath);
  const clock = options.clock ?? new StackClock();
  const { service, requestHandler } = createHandler(clock, host, options.port ?? 9324, snapshot, snapshotPath);
  let journal: SqsJournal | undefined;
  const instrumentation = new QueueInstrumentation(
    (queueName, messageId) => {
      journal?.changed(queueName, messageId);
      options.onQueueChange?.(queueName);
    },
    () => clock.now(),
  );
  const instrumentAll = (): void => {
    for (const queue of service.Queues) instrumentation.instrument(queue);
  };
  instrumentAll();
  const restoredMessages = snapshot ? restoreMessages(service, instrumentation, snapshot) : 0;
  if (snapshot) options.log?.(`[sqs] restored ${snapshot.queues.length} queue(s) and ${restoredMessages} message(s) from ${options.dataDir}`);
  if (snapshotPath && journalPath && options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    journal = await SqsJournal.open(journalPath, snapshot?.journalSeq ?? 0, journalSource(service, instrumentation), (state) => writeSnapshot(snapshotPath, state), {
      log: options.log,
    });
    // Compact what was replayed into a fresh snapshot.
    journal.compact();
  }
  const queueSignature = (): string => liveQueues(service).map((queue) => `${queue.QueueName}@${queue.LastModifiedTimestamp}`).join('/');
  let knownQueues = queueSignature();
  /** Holds an answer until what its request changed is on disk. */
  const answerWhenDurable = (res: ServerResponse, durableJournal: SqsJournal): void => {
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      const signature = queueSignature();
      if (signature !== knownQueues) {
        knownQueues = signature;
        durableJournal.queuesChanged();
      }
      durableJournal.durable().then(
        () => end(...args),
        (error: unknown) => {
          options.log?.(`[sqs] answer withheld: ${String(error)}`);
          res.destroy(error as Error);
        },
      );
      return res;
    }) as ServerResponse['end'];
  };

  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const scope: RequestScope = { closed: false };
    res.on('close', () => {
      scope.closed = true;
    });
    if (journal) answerWhenDurable(res, journal);
    instrumentAll();
    instrumentation.requestScope
      .run(scope, () => requestHandler(req, res))
      .catch((error: unknown) => {
        // The package answers every operation's errors itself; what escapes is its request parsing
        // failing on a malformed request (e.g. a JSON body of `null`).
        options.log?.(`[sqs] unparsable request: ${String(error)}`);
        sendUnparsableRequest(req, res);
      })
      .finally(instrumentAll);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (refuseMalformedRequest(req, res)) return;
    correctErrorStatus(res);
    // Both protocols: the body is read here first, its size counted as it streams in.
    readJsonRequest(req, MAX_SQS_REQUEST_BYTES)
      .then(({ body, replay, tooLarge }) => {
        if (tooLarge) {
          sendRequestTooLarge(req, res);
          return;
        }
        // JSON protocol: checked against the model and SQS's own rules first.
        if (body && req.headers['x-amz-target']) checkSqsJsonRequest(targetOperation(req), body, { maxMessageBytes: (queueUrl) => maxMessageBytes(service, queueUrl) });
        const receive = body && targetOperation(req) === 'ReceiveMessage' ? withSystemAttributeNames(body) : undefined;
        serve(receive ? replayOf(req, Buffer.from(JSON.stringify(receive))) : replay, res);
      })
      .catch((error: unknown) => {
        if (error instanceof SqsError) sendSqsError(res, error, Boolean(req.headers['x-amz-target']));
        else sendUnparsableRequest(req, res);
      });
  });
  server.keepAliveTimeout = 65_000;
  await listenOn(server, options.port ?? 9324, host, 'SQS', '--sqs-port');
  const port = (server.address() as AddressInfo).port;
  service.PORT = port;

  return {
    url: `http://${host}:${port}`,
    port,
    restoredMessages,
    oldestMessageAgeSeconds(queueName) {
      const sent = instrumentation.oldestSentTimestamp(queueName);
      return sent === undefined ? undefined : Math.max(0, Math.floor((clock.now() - sent) / 1000));
    },
    save() {
      journal?.compact();
    },
    async close() {
      instrumentation.close();
      await closeServer(server);
      await journal?.close();
    },
  };
}

/**
 * A ReceiveMessage body asking for system attributes with `MessageSystemAttributeNames` (what SDKs
 * send since `AttributeNames` was deprecated) also names them in `AttributeNames`, the only member
 * `local-aws-sqs` reads; undefined when there is nothing to add.
 */
function withSystemAttributeNames(body: Record<string, unknown>): Record<string, unknown> | undefined {
  const names = body.MessageSystemAttributeNames;
  if (!Array.isArray(names) || !names.length) return undefined;
  const already = Array.isArray(body.AttributeNames) ? (body.AttributeNames as unknown[]) : [];
  return { ...body, AttributeNames: [...new Set([...already, ...names])] };
}

/** The snapshot with the journal's later changes applied; undefined when nothing was saved. */
function savedState(snapshotPath: string | undefined, journalPath: string | undefined): SqsSnapshot | undefined {
  if (!snapshotPath || !journalPath) return undefined;
  const snapshot = readSnapshot(snapshotPath);
  const entries = readJournal(journalPath, snapshot?.journalSeq ?? 0);
  if (!entries.length) return snapshot;
  const replayed: SqsSnapshot = snapshot ?? { version: 1, savedAt: new Date().toISOString(), queues: [], messages: {} };
  replayJournal(replayed, entries);
  return replayed;
}

function journalSource(service: LocalSqsService, instrumentation: QueueInstrumentation): JournalSource {
  let lastQueues = '';
  return {
    message(queueName, messageId) {
      if (!liveQueues(service).some((queue) => queue.QueueName === queueName)) return undefined;
      const tracked = instrumentation.find(queueName, messageId);
      return tracked && snapshotMessage(tracked);
    },
    changedQueues() {
      const queues = liveQueues(service).map(snapshotQueue);
      const text = JSON.stringify(queues);
      if (text === lastQueues) return undefined;
      lastQueues = text;
      return queues;
    },
    snapshot: () => takeSnapshot(service, instrumentation),
  };
}

function createHandler(clock: StackClock, host: string, port: number, snapshot: SqsSnapshot | undefined, snapshotPath: string | undefined) {
  const base: ISqsServerOptions = {
    port,
    hostname: host,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    emulateQueueCreationLifecycle: false,
  };
  // Dead-letter queues first: a queue's RedrivePolicy must name an existing queue.
  const queues = [...(snapshot?.queues ?? [])].sort((a, b) => Number(Boolean(a.Attributes.RedrivePolicy)) - Number(Boolean(b.Attributes.RedrivePolicy)));
  try {
    const created = loadClockedLocalAwsSqs(clock).createRequestHandler({ ...base, queues });
    return { service: created.service as unknown as LocalSqsService, requestHandler: created.requestHandler };
  } catch (error) {
    // Starting empty would drop the saved messages (and the next compaction the journal): refuse.
    if (snapshotPath) {
      throw new StateFileError(snapshotPath, `its queues could not be created again: ${(error as Error).message ?? String(error)}`, SQS_DAMAGED_REMEDY, { cause: error });
    }
    throw error;
  }
}

/** The `MaximumMessageSize` of the queue a URL names (the last path segment is the queue name). */
function maxMessageBytes(service: LocalSqsService, queueUrl: unknown): number | undefined {
  if (typeof queueUrl !== 'string') return undefined;
  const name = queueUrl.split('/').filter(Boolean).pop();
  const value = service.Queues.find((queue) => queue.QueueName === name)?.getAttributes(['MaximumMessageSize'])?.MaximumMessageSize;
  return value === undefined ? undefined : Number(value);
}

async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Long polls see the instrumentation closing within one poll interval and answer; then go.
  const forced = setTimeout(() => server.closeAllConnections(), 200);
  await closed;
  clearTimeout(forced);
}
