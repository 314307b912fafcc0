/** What a streamed response becomes when the caller asked for a buffered one (Invoke, not InvokeWithResponseStream). */
import type { ResponseStreamSink } from './types.js';

export type StreamMetadata = Parameters<ResponseStreamSink['onMetadata']>[0];

/**
 * With an HTTP prelude (`HttpResponseStream.from`) the result is a Function URL (payload 2.0)
 * response, base64 when the body is not UTF-8 text; without one, the body as text.
 */
export function bufferedStreamPayload(metadata: StreamMetadata | undefined, body: Buffer): unknown {
  const text = body.toString('utf8');
  if (!metadata) return text;
  const isText = Buffer.from(text, 'utf8').equals(body);
  return { ...metadata, statusCode: metadata.statusCode ?? 200, body: isText ? text : body.toString('base64'), isBase64Encoded: !isText };
}
