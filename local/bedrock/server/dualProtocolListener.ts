import { Duplex } from 'node:stream';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/**
 * A socket whose first bytes were already read, replayed in front of the rest. `socket.unshift`
 * is not enough for the HTTP/2 server (it reads the native handle), a `Duplex` wrapper is.
 */
class PrefacedSocket extends Duplex {
  private readonly socket: net.Socket;

  constructor(socket: net.Socket, head: Buffer) {
    super();
    this.socket = socket;
    this.push(head);
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    socket.on('error', (error) => this.destroy(error));
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms, callback);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket.write(chunk, encoding, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}

/**
 * A TCP server that serves cleartext HTTP/2 (prior knowledge, as the AWS SDK's NodeHttp2Handler
 * speaks it) and HTTP/1.1 on the same port, telling them apart by the HTTP/2 connection preface.
 * Handed to Fastify through `serverFactory`; `destroyConnections()` ends every open connection.
 */
export class DualProtocolServer extends net.Server {
  private readonly sockets = new Set<net.Socket>();
  readonly http1: http.Server;
  readonly http2: http2.Http2Server;

  constructor(handler: RequestHandler) {
    super();
    this.http1 = http.createServer(handler);
    this.http1.keepAliveTimeout = 5_000;
    this.http2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void);
    this.on('connection', (socket: net.Socket) => this.sniff(socket));
  }

  private sniff(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    let head: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const compared = Math.min(head.length, H2_PREFACE.length);
      const isH2Prefix = head.subarray(0, compared).equals(H2_PREFACE.subarray(0, compared));
      if (isH2Prefix && head.length < H2_PREFACE.length) return;
      socket.off('data', onData);
      socket.pause();
      if (isH2Prefix) {
        this.http2.emit('connection', new PrefacedSocket(socket, head));
      } else {
        socket.unshift(head);
        this.http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  }

  /** Destroys every open connection (HTTP/1.1 keep-alive and HTTP/2 sessions). */
  destroyConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
