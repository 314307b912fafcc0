/**
 * The SQS stand-in image's entry point: the kit's embedded SQS (`local/sqs`, built on the
 * `local-aws-sqs` package) as a container service on port 9324.
 *
 * It stands in for ElasticMQ (`softwaremill/elasticmq-native`), which cannot be had on machines
 * without a container registry. It is NOT ElasticMQ: anything run against it says so.
 *
 * Queue URLs take their host from the request's `Host` header, as ElasticMQ does with
 * `node-address.host = "*"`: a client on the host that reaches the container through a published
 * port (http://127.0.0.1:49153) and a container that reaches it by service name (http://sqs:9324)
 * each get queue URLs they can call. The embedded server answers on a private loopback port and a
 * small front rewrites its own origin in response bodies to the caller's.
 *
 * `GET /health` answers `OK`, as ElasticMQ's health endpoint does (since 1.6.5).
 *
 * Environment: PORT (default 9324), SQS_DATA_DIR (keep queues and messages there; default in memory).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { startSqsServer } from '../../../local/sqs/index.js';

const PORT = Number(process.env.PORT ?? 9324);
const INNER_HOST = '127.0.0.1';

async function main(): Promise<void> {
  const inner = await startSqsServer({
    host: INNER_HOST,
    port: 0,
    dataDir: process.env.SQS_DATA_DIR || undefined,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  const innerOrigin = inner.url;

  const front = createServer((req: IncomingMessage, res: ServerResponse) => {
    // ElasticMQ's health endpoint, which the compose health check calls.
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    const callerOrigin = `http://${req.headers.host ?? `127.0.0.1:${PORT}`}`;
    const forwarded = request(
      { host: INNER_HOST, port: inner.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.from(Buffer.concat(chunks).toString('utf8').split(innerOrigin).join(callerOrigin), 'utf8');
          const headers = { ...answer.headers, 'content-length': String(body.length) };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 500, headers);
          res.end(body);
        });
      },
    );
    forwarded.on('error', (error) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'InternalError', message: error.message }));
    });
    req.pipe(forwarded);
  });
  front.keepAliveTimeout = 65_000;
  front.listen(PORT, '0.0.0.0', () => {
    process.stdout.write(`SQS stand-in (the kit's embedded SQS, not ElasticMQ) listening on 0.0.0.0:${PORT}\n`);
  });

  const stop = (): void => {
    front.close();
    inner.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`SQS stand-in failed to start: ${String(error)}\n`);
  process.exit(1);
});
