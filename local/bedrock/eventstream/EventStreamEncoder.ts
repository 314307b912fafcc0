import { crc32 } from 'node:zlib';
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { MessageHeaders } from '@smithy/types';

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes: Uint8Array) => textDecoder.decode(bytes),
  (text: string) => textEncoder.encode(text),
);

const JSON_CONTENT = { type: 'string', value: 'application/json' } as const;
const PRELUDE_LENGTH = 12;
const CRC_LENGTH = 4;

function eventHeaders(eventType: string): MessageHeaders {
  return {
    ':event-type': { type: 'string', value: eventType },
    ':content-type': JSON_CONTENT,
    ':message-type': { type: 'string', value: 'event' },
  };
}

function exceptionHeaders(exceptionType: string): MessageHeaders {
  return {
    ':exception-type': { type: 'string', value: exceptionType },
    ':content-type': JSON_CONTENT,
    ':message-type': { type: 'string', value: 'exception' },
  };
}

/** Header blocks, encoded once per event type by the codec's own header marshaller. */
const headerCache = new Map<string, Uint8Array>();

function cachedHeaders(key: string, build: () => MessageHeaders): Uint8Array {
  let bytes = headerCache.get(key);
  if (!bytes) {
    bytes = codec.formatHeaders(build());
    headerCache.set(key, bytes);
  }
  return bytes;
}

/**
 * One frame: prelude (total length, headers length, prelude CRC32), headers, payload, message
 * CRC32. Byte for byte what `EventStreamCodec.encode` produces (a unit test checks it), with the
 * header block cached and Node's native CRC32, so framing stays a few microseconds per event.
 */
function frame(headers: Uint8Array, payload: string): Uint8Array {
  const bodyLength = Buffer.byteLength(payload);
  const total = PRELUDE_LENGTH + headers.byteLength + bodyLength + CRC_LENGTH;
  const out = Buffer.allocUnsafe(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headers.byteLength, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  out.set(headers, PRELUDE_LENGTH);
  out.write(payload, PRELUDE_LENGTH + headers.byteLength, 'utf8');
  out.writeUInt32BE(crc32(out.subarray(0, total - CRC_LENGTH)), total - CRC_LENGTH);
  return out;
}

/**
 * Encodes AWS binary event-stream frames as the SDK decodes them: an event's body is the
 * member's own structure (`{"role":"assistant"}` for `messageStart`), never wrapped in its name.
 */
export const EventStreamEncoder = {
  /** One `:message-type: event` frame. */
  event(eventType: string, body: unknown): Uint8Array {
    return frame(cachedHeaders(`e:${eventType}`, () => eventHeaders(eventType)), JSON.stringify(body));
  },

  /** One `:message-type: exception` frame (e.g. `throttlingException`, `{"message": …}`). */
  exception(exceptionType: string, body: Record<string, unknown>): Uint8Array {
    return frame(cachedHeaders(`x:${exceptionType}`, () => exceptionHeaders(exceptionType)), JSON.stringify(body));
  },

  /** The same frame built entirely by `EventStreamCodec.encode` (the reference; slower). */
  referenceEvent(eventType: string, body: unknown): Uint8Array {
    return codec.encode({ headers: eventHeaders(eventType), body: textEncoder.encode(JSON.stringify(body)) });
  },
};

/** Decodes a buffer of whole frames with `EventStreamCodec` (for tests and tools). */
export function decodeEventStream(bytes: Uint8Array): Array<{ headers: Record<string, string>; body: unknown }> {
  const frames: Array<{ headers: Record<string, string>; body: unknown }> = [];
  const decoder = new EventStreamCodec(
    (data: Uint8Array) => textDecoder.decode(data),
    (text: string) => textEncoder.encode(text),
  );
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 4 <= buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    decoder.feed(buffer.subarray(offset, offset + length));
    offset += length;
  }
  decoder.endOfStream();
  for (const message of decoder.getAvailableMessages().getMessages()) {
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    const text = textDecoder.decode(message.body);
    frames.push({ headers, body: text ? JSON.parse(text) : undefined });
  }
  return frames;
}
