import { describe, expect, it } from 'vitest';
import { FunctionInvocationLog, recordInvocations } from '../../../local/runtime/FunctionInvocationLog.js';
import { SerializedEvent } from '../../../local/runtime/SerializedEvent.js';
import type { LambdaRuntime } from '../../../local/runtime/types.js';
import type { FunctionDef } from '../../../local/template/model.js';

const fn = { logicalId: 'ChatFunction', functionName: 'app-ChatFunction', arn: 'arn:aws:lambda:us-east-1:000000000000:function:app-ChatFunction' } as FunctionDef;

describe('FunctionInvocationLog', () => {
  it('records every invocation through the runtime, found by logical id, name or ARN', async () => {
    const runtime: LambdaRuntime = {
      invoke: async (_id, event) => ((event as { fail?: boolean }).fail ? { status: 'error', error: { errorType: 'Error', errorMessage: 'boom' }, durationMs: 2 } : { status: 'ok', payload: 'hi', durationMs: 1 }),
      close: async () => undefined,
    };
    const log = recordInvocations(runtime, new FunctionInvocationLog([fn]));

    await runtime.invoke('app-ChatFunction', { n: 1 });
    await runtime.invoke(fn.arn, { fail: true });

    expect(log.list('ChatFunction').map(({ functionId, event, status, payload, error }) => ({ functionId, event, status, payload, error }))).toEqual([
      { functionId: 'ChatFunction', event: { n: 1 }, status: 'ok', payload: 'hi', error: undefined },
      { functionId: 'ChatFunction', event: { fail: true }, status: 'error', payload: undefined, error: { errorType: 'Error', errorMessage: 'boom' } },
    ]);
    expect(log.list(fn.arn)).toHaveLength(2);
    expect(log.list('Other')).toEqual([]);
  });

  it('lists an event handed over as JSON text (the gateway\'s proxy events) as the object the function received', () => {
    const log = new FunctionInvocationLog([fn]);
    log.add('ChatFunction', new SerializedEvent('{"path":"/chat","body":null}'), new Date(), { status: 'ok', payload: 1, durationMs: 0 });
    expect(log.list('ChatFunction')[0].event).toEqual({ path: '/chat', body: null });
    expect(log.list()[0].event).toEqual({ path: '/chat', body: null });
  });

  it('keeps only the newest records beyond its limit', () => {
    const log = new FunctionInvocationLog([fn], 2);
    for (const n of [1, 2, 3]) log.add('ChatFunction', { n }, new Date(), { status: 'ok', payload: n, durationMs: 0 });
    expect(log.list().map((record) => record.payload)).toEqual([2, 3]);
  });
});
