/**
 * Queue commands of `genai-kit`, against the SQS of a running stack (found in `.local/endpoints.json`):
 *
 * - `queues`: every queue with its visible, in-flight and delayed message counts.
 * - `dlq <Queue>`: the messages of a dead-letter queue (or of the DLQ a queue redrives to), without
 *   consuming them: they are received, printed, and made visible again at once.
 * - `redrive <DLQ>`: moves a dead-letter queue's messages back to the queue they came from.
 *
 * A queue is named by its template logical id (`TaskDeadLetterQueue`), its name, or its URL.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ListQueuesCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { peek, redrive, urlOfArn } from '../sqs/deadLetterMessages.js';
import { readEndpointsFile } from '../stack/endpointsFile.js';
import { localClientConfig } from '../stack/localClientConfig.js';
import { deadLetterTargetArn } from '../provision/provisionQueues.js';
import { loadLocalTemplate } from '../template/index.js';
import { joinOverridePairs, overridesFrom, PARAMETER_OVERRIDES_OPTION } from './parameterOverrides.js';

const HELP = `Usage:
  genai-kit queues                    queues with visible / in-flight / delayed counts
  genai-kit dlq <Queue> [--max 100] [--json]
                                      print a dead-letter queue's messages (they stay in it)
  genai-kit redrive <DLQ> [--to <Queue>] [--max 1000]
                                      move a dead-letter queue's messages back to their source queue

<Queue>: a template logical id (TaskDeadLetterQueue), a queue name or a queue URL. For 'dlq', a queue
with a RedrivePolicy stands for its dead-letter queue.
Options: --endpoints <file> (default .local/endpoints.json), --template <file> (default template.yaml),
--parameter-overrides K=V … (as the stack was started with; env GENAI_KIT_PARAMETER_OVERRIDES)
`;

interface CommonOptions {
  endpoints: string;
  template: string;
  'parameter-overrides'?: string[];
}

const COMMON = {
  endpoints: { type: 'string', default: path.join('.local', 'endpoints.json') },
  template: { type: 'string', default: 'template.yaml' },
  ...PARAMETER_OVERRIDES_OPTION,
  help: { type: 'boolean', default: false },
} as const;

/** `genai-kit queues`. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args: joinOverridePairs(args), options: COMMON });
  if (values.help) return help();
  return withSqs(values, async ({ sqs, names }) => {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ MaxResults: 1000 }));
    const rows: string[][] = [['QUEUE', 'LOGICAL ID', 'VISIBLE', 'IN FLIGHT', 'DELAYED', 'DEAD-LETTER QUEUE']];
    for (const url of QueueUrls) {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
      const name = queueNameOf(url);
      const dlq = deadLetterTargetArn(Attributes.RedrivePolicy);
      rows.push([
        name,
        names.get(name) ?? '-',
        Attributes.ApproximateNumberOfMessages ?? '0',
        Attributes.ApproximateNumberOfMessagesNotVisible ?? '0',
        Attributes.ApproximateNumberOfMessagesDelayed ?? '0',
        dlq ? (dlq.split(':').pop() ?? dlq) : '-',
      ]);
    }
    process.stdout.write(QueueUrls.length ? `${formatTable(rows)}\n` : 'No queues.\n');
    return 0;
  });
}

/** `genai-kit dlq <Queue>`. */
export async function runDlq(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinOverridePairs(args),
    allowPositionals: true,
    options: { ...COMMON, max: { type: 'string', default: '100' }, json: { type: 'boolean', default: false } },
  });
  if (values.help || positionals.length !== 1) return help(values.help ? 0 : 2);
  return withSqs(values, async (session) => {
    const dlqUrl = await resolveDeadLetterQueue(session, positionals[0]!);
    const messages = await peek(session.sqs, dlqUrl, Number(values.max));
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ queueUrl: dlqUrl, messages }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${queueNameOf(dlqUrl)}: ${messages.length} message(s)${messages.length >= Number(values.max) ? ' (first ones)' : ''}\n`);
    for (const message of messages) process.stdout.write(describeMessage(message));
    return 0;
  });
}

/** `genai-kit redrive <DLQ>`. */
export async function runRedrive(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinOverridePairs(args),
    allowPositionals: true,
    options: { ...COMMON, to: { type: 'string' }, max: { type: 'string', default: '1000' } },
  });
  if (values.help || positionals.length !== 1) return help(values.help ? 0 : 2);
  return withSqs(values, async (session) => {
    const dlqUrl = await resolveDeadLetterQueue(session, positionals[0]!);
    const fixedTarget = values.to ? await resolveQueueUrl(session, values.to) : undefined;
    const moved = await redrive(session.sqs, dlqUrl, fixedTarget, Number(values.max));
    process.stdout.write(`Moved ${moved.count} message(s) from ${queueNameOf(dlqUrl)}${moved.targets.size ? ` to ${[...moved.targets].map(queueNameOf).join(', ')}` : ''}.\n`);
    if (moved.unplaced) process.stderr.write(`${moved.unplaced} message(s) left in place: no source queue known (use --to <Queue>).\n`);
    return moved.unplaced ? 1 : 0;
  });
}

function help(code = 0): number {
  (code === 0 ? process.stdout : process.stderr).write(HELP);
  return code;
}

/** A client of the running stack's SQS, and the template's queue names mapped to their logical ids. */
interface Session {
  sqs: SQSClient;
  names: Map<string, string>;
}

/** Runs one command against the stack's SQS, then closes the client. */
async function withSqs(options: CommonOptions, command: (session: Session) => Promise<number>): Promise<number> {
  const endpoints = await readEndpointsFile(path.resolve(options.endpoints));
  if (!endpoints.sqs) throw new Error(`${options.endpoints} has no SQS endpoint: does the template define queues?`);
  const sqs = new SQSClient(localClientConfig(endpoints.sqs));
  try {
    return await command({ sqs, names: await logicalIdsByQueueName(options.template, overridesFrom(options)) });
  } finally {
    sqs.destroy();
  }
}

/** Queue names of the template, mapped to their logical ids (empty when the template cannot be read). */
async function logicalIdsByQueueName(template: string, parameterOverrides: Record<string, string>): Promise<Map<string, string>> {
  try {
    // With the local secret, as the stack read it: a template whose AuthJwtSecret has no default still loads.
    const model = await loadLocalTemplate(path.resolve(template), { dataDir: path.resolve('.local'), parameterOverrides });
    return new Map(model.queues.map((queue) => [queue.queueName, queue.logicalId]));
  } catch {
    return new Map();
  }
}

async function resolveQueueUrl({ sqs, names }: Session, queue: string): Promise<string> {
  if (/^https?:\/\//.test(queue)) return queue;
  const byLogicalId = [...names].find(([, logicalId]) => logicalId === queue)?.[0];
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: byLogicalId ?? queue }));
  if (!QueueUrl) throw new Error(`queue ${queue} not found`);
  return QueueUrl;
}

/** The URL of the named queue's dead-letter queue (which must exist) if it has a RedrivePolicy, else of the queue itself. */
async function resolveDeadLetterQueue(session: Session, queue: string): Promise<string> {
  const queueUrl = await resolveQueueUrl(session, queue);
  const { Attributes = {} } = await session.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }));
  return (await urlOfArn(session.sqs, deadLetterTargetArn(Attributes.RedrivePolicy))) ?? queueUrl;
}

function describeMessage(message: Message): string {
  const attributes = message.Attributes ?? {};
  const sent = attributes.SentTimestamp ? new Date(Number(attributes.SentTimestamp)).toISOString() : '?';
  const source = attributes.DeadLetterQueueSourceArn?.split(':').pop();
  return `\n${message.MessageId}  sent ${sent}${source ? `  from ${source}` : ''}  receives ${attributes.ApproximateReceiveCount ?? '?'}\n  ${message.Body ?? ''}\n`;
}

function queueNameOf(url: string): string {
  return url.split('/').pop() ?? url;
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
