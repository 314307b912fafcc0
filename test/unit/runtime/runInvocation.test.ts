import { describe, expect, it } from 'vitest';
import { awslambda, isStreamingHandler } from '../../../local/runtime/worker/awslambdaGlobal.js';
import type { Handler } from '../../../local/runtime/worker/loadHandler.js';
import { abortStream, runInvocation } from '../../../local/runtime/worker/runInvocation.js';
import type { LambdaResponseStream } from '../../../local/runtime/worker/LambdaResponseStream.js';
import type { StreamMetadata, WorkerSetup } from '../../../local/runtime/workerProtocol.js';

const setup: WorkerSetup = {
  moduleFile: '/code/index.mjs',
  loader: 'import',
  handler: 'index.handler',
  exportPath: ['handler'],
  functionName: 'fn',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:fn',
  memoryLimitInMB: '128',
  logGroupName: '/aws/lambda/fn',
  logStreamName: 'stream',
  sourceMaps: false,
};

const request = (stream?: { onMetadata(m: StreamMetadata): void; onChunk(c: Uint8Array): void }) => ({ requestId: 'req-1', event: { a: 1 }, deadlineMs: Date.now() + 1000, stream });

function recorder() {
  const events: (string | StreamMetadata)[] = [];
  return { events, target: { onMetadata: (m: StreamMetadata) => events.push(m), onChunk: (c: Uint8Array) => events.push(Buffer.from(c).toString()) } };
}

describe('runInvocation', () => {
  it('runs promise and callback handlers with a Lambda context', async () => {
    const promised: Handler = async (event, context) => ({ event, id: (context as { awsRequestId: string }).awsRequestId });
    expect(await runInvocation(1, setup, promised, request())).toEqual({ kind: 'value', value: { event: { a: 1 }, id: 'req-1' } });
    const callback: Handler = (_event, _context, cb) => (cb as (e: null, r: string) => void)(null, 'called back');
    expect(await runInvocation(2, setup, callback, request())).toEqual({ kind: 'value', value: 'called back' });
  });

  it('marks streaming handlers with the runtime symbol', () => {
    const handler = awslambda.streamifyResponse(async () => {});
    expect(isStreamingHandler(handler)).toBe(true);
    expect(isStreamingHandler(async () => {})).toBe(false);
  });

  it('sends the HttpResponseStream prelude as metadata before the first body chunk', async () => {
    const handler = awslambda.streamifyResponse(async (_event: unknown, stream: LambdaResponseStream) => {
      const http = awslambda.HttpResponseStream.from(stream, { statusCode: 200, headers: { a: 'b' }, cookies: ['c=d'] });
      http.write('one');
      http.write(Buffer.from('two'));
      http.end();
    });
    const { events, target } = recorder();
    expect(await runInvocation(3, setup, handler as Handler, request(target))).toEqual({ kind: 'streamed' });
    expect(events).toEqual([{ statusCode: 200, headers: { a: 'b' }, cookies: ['c=d'] }, 'one', 'two']);
  });

  it('sends the prelude even when the handler writes no body', async () => {
    const handler = awslambda.streamifyResponse(async (_event: unknown, stream: LambdaResponseStream) => {
      awslambda.HttpResponseStream.from(stream, { statusCode: 204 }).end();
    });
    const { events, target } = recorder();
    await runInvocation(4, setup, handler as Handler, request(target));
    expect(events).toEqual([{ statusCode: 204 }]);
  });

  it('ends the stream for a handler that resolves without ending it', async () => {
    const handler = awslambda.streamifyResponse(async (_event: unknown, stream: LambdaResponseStream) => {
      stream.write('unterminated');
    });
    const { events, target } = recorder();
    expect(await runInvocation(5, setup, handler as Handler, request(target))).toEqual({ kind: 'streamed' });
    expect(events).toEqual(['unterminated']);
  });

  it('makes writes fail after an abort, without an unhandled stream error', async () => {
    let writeError: unknown;
    const handler = awslambda.streamifyResponse(async (_event: unknown, stream: LambdaResponseStream) => {
      stream.write('first');
      await new Promise((resolve) => stream.on('close', resolve));
      writeError = await new Promise((resolve) => stream.write('late', resolve));
    });
    const { target } = recorder();
    const running = runInvocation(6, setup, handler as Handler, request({ ...target, onChunk: () => abortStream(6) }));
    expect(await running).toEqual({ kind: 'streamed' });
    expect(writeError).toMatchObject({ code: 'ERR_STREAM_DESTROYED' });
  });

  it('rejects with the handler error', async () => {
    const handler: Handler = async () => {
      throw new SyntaxError('nope');
    };
    await expect(runInvocation(7, setup, handler, request())).rejects.toThrow('nope');
  });
});
