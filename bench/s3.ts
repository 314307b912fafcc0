/**
 * Local S3 benchmark: PUT and GET throughput (MB/s and objects/s) for 1 KB and 8 MB objects through
 * the JS SDK, against raw file-system writes and reads of the same bytes in the same run (the same
 * write-to-temp-then-rename the store does, and a plain write); then the time from a PUT to the
 * invocation of the function its S3 event triggers.
 *
 *     npx tsx bench/s3.ts [--small 2000] [--large 24] [--concurrency 8] [--events 50]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Server } from '../local/s3/index.js';
import { startStack } from '../local/stack.js';
import { numberOption } from './lib/benchArgs.js';
import { median, percentile } from './lib/statistics.js';

const SMALL = numberOption('small', 2000);
const LARGE = numberOption('large', 24);
const CONCURRENCY = numberOption('concurrency', 8);
const EVENTS = numberOption('events', 50);
const MB = 1024 * 1024;

interface Row {
  name: string;
  objects: number;
  bytes: number;
  seconds: number;
}

function client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/** Runs `count` jobs, `CONCURRENCY` at a time; returns the seconds taken. */
async function timed(count: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function throughput(dir: string, s3: S3Client, label: string, size: number, count: number): Promise<Row[]> {
  const body = randomBytes(size);
  const rawDir = await mkdtemp(path.join(dir, 'raw-'));
  const rows: Row[] = [];
  const row = (name: string, seconds: number) => rows.push({ name: `${name} ${label}`, objects: count, bytes: size * count, seconds });
  row('fs writeFile', await timed(count, (i) => writeFile(path.join(rawDir, `plain-${i}`), body)));
  row('fs write+rename', await timed(count, async (i) => {
    const temp = path.join(rawDir, `tmp-${i}`);
    await writeFile(temp, body);
    await rename(temp, path.join(rawDir, `renamed-${i}`));
  }));
  row('S3 PutObject', await timed(count, async (i) => void (await s3.send(new PutObjectCommand({ Bucket: 'bench', Key: `${label}/${i}`, Body: body })))));
  row('fs readFile', await timed(count, async (i) => void (await readFile(path.join(rawDir, `plain-${i}`)))));
  row('S3 GetObject', await timed(count, async (i) => void (await (await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: `${label}/${i}` }))).Body!.transformToByteArray())));
  await rm(rawDir, { recursive: true, force: true });
  return rows;
}

function printThroughput(rows: Row[]): void {
  console.log(`\nThroughput, ${CONCURRENCY} concurrent requests (S3: JS SDK v3 over HTTP to the local S3 with its data on disk)`);
  console.log(`${'operation'.padEnd(24)} ${'objects'.padStart(8)} ${'objects/s'.padStart(10)} ${'MB/s'.padStart(9)}  vs fs`);
  for (const row of rows) {
    const reference = rows.find((r) => r.name.endsWith(row.name.split(' ').at(-1)!) && (row.name.includes('Get') || row.name.includes('read') ? r.name.startsWith('fs readFile') : r.name.startsWith('fs writeFile')));
    const ratio = reference && reference !== row ? `${((row.objects / row.seconds) / (reference.objects / reference.seconds)).toFixed(2)}×` : '';
    console.log(`${row.name.padEnd(24)} ${String(row.objects).padStart(8)} ${(row.objects / row.seconds).toFixed(0).padStart(10)} ${(row.bytes / MB / row.seconds).toFixed(1).padStart(9)}  ${ratio}`);
  }
}

/** PUT → the S3 event's function running: the function stamps Date.now() into the object it writes. */
async function eventLatency(): Promise<void> {
  const stack = await startStack({ projectDir: path.resolve('test/fixtures/s3-app'), ephemeral: true, ports: 'random', watch: false, writeEndpointsFile: false, log: () => undefined });
  try {
    const s3 = client(stack.endpoints.s3!);
    const fromRequest: number[] = [];
    const fromResponse: number[] = [];
    for (let i = 0; i <= EVENTS; i++) {
      const key = `incoming/${randomUUID()}.pdf`;
      const sent = Date.now();
      await s3.send(new PutObjectCommand({ Bucket: 'local-uploads', Key: key, Body: 'x' }));
      const answered = Date.now();
      let invokedAt: number | undefined;
      while (invokedAt === undefined) {
        invokedAt = await s3
          .send(new GetObjectCommand({ Bucket: 'kit-archive-bucket', Key: `seen/${key}` }))
          .then(async (o) => (JSON.parse(await o.Body!.transformToString()) as { invokedAt: number }).invokedAt)
          .catch(() => undefined);
      }
      if (i === 0) {
        console.log(`\nPUT → function invocation: first event (cold start, build included) ${invokedAt - sent} ms`);
        continue;
      }
      fromRequest.push(invokedAt - sent);
      fromResponse.push(invokedAt - answered);
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    console.log(`warm, ${EVENTS} sequential PUTs: from the PUT sent median ${median(fromRequest)} ms, p95 ${percentile(sorted(fromRequest), 0.95)} ms; from the PUT answered median ${median(fromResponse)} ms, p95 ${percentile(sorted(fromResponse), 0.95)} ms`);
    s3.destroy();
  } finally {
    await stack.close();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-s3-'));
  const server = await startS3Server({ port: 0, dataDir: path.join(dir, 's3') });
  try {
    const s3 = client(server.url);
    await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
    const rows = [...(await throughput(dir, s3, '1 KB', 1024, SMALL)), ...(await throughput(dir, s3, '8 MB', 8 * MB, LARGE))];
    printThroughput(rows);
    s3.destroy();
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  await eventLatency();
}

await main();
